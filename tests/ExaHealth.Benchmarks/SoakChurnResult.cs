namespace ExaHealth.Benchmarks;

/// <summary>
/// What the soak's churn did: the plugin's and ovsdb-server's readings (every 30 s from the churn's
/// start, and at its last flip), each minute's flips, failed transactions, and how long
/// the churn ran.
/// </summary>
internal sealed record SoakChurnResult(
    List<ProcessSample> Plugin,
    List<ProcessSample> Server,
    List<ChurnMinute> Minutes,
    int Sent,
    int Failed,
    TimeSpan Elapsed);
