using System.Collections;
using System.Net;

namespace ExaHealth.Status;

/// <summary>A sorted status snapshot seen as the report's list of rows, without copying it.</summary>
internal sealed class StatusRowList(ArraySegment<(IPAddress Address, VipStatus Row)> rows) : IReadOnlyList<VipStatus>
{
    public int Count => rows.Count;

    public VipStatus this[int index] => rows[index].Row;

    public IEnumerator<VipStatus> GetEnumerator()
    {
        foreach (var (_, row) in rows)
        {
            yield return row;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
