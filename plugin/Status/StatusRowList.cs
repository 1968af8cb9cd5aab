using System.Collections;

namespace ExaHealth.Status;

/// <summary>A sorted status snapshot seen as the report's list of rows, without copying it.</summary>
internal sealed class StatusRowList(ArraySegment<StatusEntry> entries) : IReadOnlyList<VipStatus>
{
    public int Count => entries.Count;

    /// <summary>The entries, whose JSON is kept between writes.</summary>
    public ArraySegment<StatusEntry> Entries => entries;

    public VipStatus this[int index] => entries[index].Row;

    public IEnumerator<VipStatus> GetEnumerator()
    {
        foreach (var entry in entries)
        {
            yield return entry.Row;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
