namespace ExaHealth.Benchmarks;

/// <summary>
/// Chooses the flips of the soak and remembers the status every row should end with. Starting
/// from all online, it takes random rows offline until a tenth are, then flips one way or the other
/// at random: the offline set keeps moving and about half the VIPs stay announced, so most flips
/// change a decision and the final set is a mix (all-announced or all-withdrawn would hide a lost
/// change). Seeded: a run can be repeated.
/// </summary>
internal sealed class StatusChurner
{
    private readonly Random _random;
    private readonly bool[] _offline;
    private readonly List<int> _offlineRows = [];
    private readonly int _target;

    public StatusChurner(int rows, int seed)
    {
        _random = new Random(seed);
        _offline = new bool[rows];
        _target = rows / 10;
    }

    public bool IsOffline(int row) => _offline[row];

    /// <summary>The next flip: which row, and whether it goes offline.</summary>
    public (int Row, bool Offline) Next()
    {
        bool takeOffline = _offlineRows.Count < _target || _random.Next(2) == 0;
        if (takeOffline)
        {
            int row;
            do
            {
                row = _random.Next(_offline.Length);
            }
            while (_offline[row]);

            _offline[row] = true;
            _offlineRows.Add(row);
            return (row, true);
        }

        // Swap-remove: picking and dropping an offline row stay O(1) at any size.
        int index = _random.Next(_offlineRows.Count);
        int back = _offlineRows[index];
        _offlineRows[index] = _offlineRows[^1];
        _offlineRows.RemoveAt(_offlineRows.Count - 1);
        _offline[back] = false;
        return (back, false);
    }
}
