using System.Net;

namespace ExaHealth.Health;

/// <summary>
/// Immutable health of one VIP address at one moment.
/// <see cref="Monitored"/> counts the backends that have at least one Service_Monitor row;
/// backends without one count as online, since OVN forwards to them.
/// </summary>
internal sealed record VipHealth(IPAddress Address, int Total, int Online, int Monitored)
{
    public bool IsMonitored => Monitored > 0;

    public int Offline => Total - Online;
}
