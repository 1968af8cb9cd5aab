namespace ExaHealth.Status;

/// <summary>`exahealth snapshot --json`.</summary>
internal sealed record SnapshotReport(
    string Remote,
    DateTimeOffset TakenAt,
    double SnapshotMilliseconds,
    int LoadBalancers,
    int ServiceMonitors,
    IReadOnlyList<SnapshotRow> Vips);
