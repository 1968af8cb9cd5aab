namespace ExaHealth.Status;

/// <summary>One VIP in the status file: what is decided, why, and since when.</summary>
internal sealed record VipStatus(
    string Vip,
    string State,
    string Reason,
    int Online,
    int Total,
    int Monitored,
    bool Degraded,
    double Penalty,
    int Flaps,
    DateTimeOffset? Since,
    string? NextHop);
