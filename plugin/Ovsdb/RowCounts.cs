namespace ExaHealth.Ovsdb;

/// <summary>Rows per monitored table, counted while a message is checked, for the snapshot log line ("Load_Balancer 2, Service_Monitor 4").</summary>
internal sealed class RowCounts
{
    private readonly MonitorRequest _request;
    private readonly int[] _counts;

    public RowCounts(MonitorRequest request)
    {
        _request = request;
        _counts = new int[request.Tables.Count];
    }

    public int Total => _counts.Sum();

    public int this[string table]
    {
        get
        {
            for (int i = 0; i < _counts.Length; i++)
            {
                if (_request.Tables[i].Name == table)
                {
                    return _counts[i];
                }
            }

            return 0;
        }
    }

    public void Add(MonitoredTable table)
    {
        for (int i = 0; i < _counts.Length; i++)
        {
            if (ReferenceEquals(_request.Tables[i], table))
            {
                _counts[i]++;
                return;
            }
        }
    }

    public void Add(RowCounts other)
    {
        for (int i = 0; i < _counts.Length && i < other._counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
    }

    public override string ToString() =>
        Total == 0 ? "no rows" : string.Join(", ", _request.Tables.Select((t, i) => $"{t.Name} {_counts[i]}"));
}
