namespace ExaHealth.Status;

/// <summary>The status file (SPEC section 6): the running instance as `exahealth status` shows it.</summary>
internal sealed record StatusReport(
    string Version,
    int Pid,
    DateTimeOffset WrittenAt,
    DateTimeOffset StartedAt,
    DatabaseStatus Southbound,
    DatabaseStatus? Northbound,
    bool Maintenance,
    bool DatabaseLossWithdrawn,
    int Announced,
    long CommandsAnnounce,
    long CommandsWithdraw,
    long ExaBgpErrors,
    IReadOnlyList<VipStatus> Vips);
