namespace ExaHealth.Southbound;

/// <summary>
/// The Service_Monitor rows that share one backend key, counted by status. Several rows can
/// exist for one (ip, port, protocol) when the backend is reached through different logical ports.
/// <see cref="Checks"/> counts the health-checked vips entries (of any VIP) that list the backend:
/// without any, rows still there are left from a removed check.
/// </summary>
internal readonly record struct BackendRowCounts(int Rows, int Online, int Offline, int Unset, int Checks = 0)
{
    public BackendRowCounts With(BackendStatus status, int delta) => status switch
    {
        BackendStatus.Online => this with { Rows = Rows + delta, Online = Online + delta },
        BackendStatus.Unset => this with { Rows = Rows + delta, Unset = Unset + delta },
        _ => this with { Rows = Rows + delta, Offline = Offline + delta },
    };
}
