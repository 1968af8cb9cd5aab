namespace ExaHealth.Status;

/// <summary>One VIP as `exahealth snapshot` decides it from a single complete snapshot.</summary>
internal sealed record SnapshotRow(
    string Vip,
    IReadOnlyList<string> Services,
    int Online,
    int Total,
    int Monitored,
    string Decision,
    string Reason,
    string? Command);
