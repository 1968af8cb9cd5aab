using System.Net;

namespace ExaHealth.Status;

/// <summary>
/// The VIP rows of the status, kept up to date VIP by VIP as the pipeline touches them, so that a
/// status write costs the pipeline only the rows that changed, and the sorting and writing of all
/// of them happen on another thread (<see cref="Snapshot"/> hands out immutable rows).
/// </summary>
internal sealed class StatusRows
{
    private readonly Dictionary<IPAddress, StatusEntry> _rows = [];
    private StatusEntry[] _snapshot = [];

    public int Count => _rows.Count;

    /// <summary>Builds the row of each address again; a null row removes it.</summary>
    public void Refresh(IEnumerable<IPAddress> addresses, Func<IPAddress, VipStatus?> build)
    {
        foreach (var address in addresses)
        {
            if (build(address) is { } row)
            {
                _rows[address] = new StatusEntry(address, row);
            }
            else
            {
                _rows.Remove(address);
            }
        }
    }

    public void Clear() => _rows.Clear();

    /// <summary>
    /// The rows now, unsorted (<see cref="Sort"/> them off the pipeline thread). The buffer is reused:
    /// the caller takes no new snapshot while the last one is still being written.
    /// </summary>
    public ArraySegment<StatusEntry> Snapshot()
    {
        if (_snapshot.Length < _rows.Count)
        {
            _snapshot = new StatusEntry[_rows.Count + (_rows.Count / 4)];
        }

        int i = 0;
        foreach (var entry in _rows.Values)
        {
            _snapshot[i++] = entry;
        }

        Array.Clear(_snapshot, i, _snapshot.Length - i);
        return new ArraySegment<StatusEntry>(_snapshot, 0, i);
    }

    /// <summary>Sorts a snapshot: IPv4 before IPv6, each in address order.</summary>
    public static void Sort(ArraySegment<StatusEntry> rows) => rows.AsSpan().Sort(StatusEntry.Compare);
}
