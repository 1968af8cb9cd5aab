using System.Net;
using System.Net.Sockets;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Southbound;
using ExaHealth.State;

namespace ExaHealth.Configuration;

/// <summary>The whole validated configuration, each part in the type of the stage that uses it.</summary>
internal sealed record Settings
{
    public required OvsdbClientOptions Ovsdb { get; init; }

    /// <summary>ovsdb.northbound: when set, OVN's own health-check configuration says which VIPs are monitored.</summary>
    public OvsdbClientOptions? Northbound { get; init; }

    public required IReadOnlyList<string> LoadBalancerPatterns { get; init; }

    public required RouteSettings Routes { get; init; }

    public required PolicySettings Policy { get; init; }

    /// <summary>policy.degraded: worse attributes while few backends are online; a route matter, configured beside the policy.</summary>
    public DegradedSettings? Degraded { get; init; }

    /// <summary>overrides, by VIP address.</summary>
    public IReadOnlyDictionary<IPAddress, VipOverride> Overrides { get; init; } = new Dictionary<IPAddress, VipOverride>();

    public required ExaBgpSettings ExaBgp { get; init; }

    public required LoggingSettings Logging { get; init; }

    /// <summary>maintenance.disableFile: while it exists every route is withdrawn; null: no such switch.</summary>
    public string? DisableFile { get; init; }

    public DatabaseLossSettings DatabaseLoss { get; init; } = DatabaseLossSettings.Hold;

    /// <summary>
    /// policy.staleChassis.seconds: backends on a chassis that is gone, or that has not answered an
    /// nb_cfg bump within this long, count offline; null: the guard is off. Not per VIP: it is about
    /// backends, which VIPs share.
    /// </summary>
    public TimeSpan? StaleChassis { get; init; }

    public StateSettings State { get; init; } = new();

    /// <summary>Keys that were set to something this version accepts but does not act on yet.</summary>
    public IReadOnlyList<string> NotImplemented { get; init; } = [];

    public LoadBalancerFilter LoadBalancerFilter => new(LoadBalancerPatterns);

    /// <summary>Whether Service_Monitor options must be monitored (some policy uses "ovn").</summary>
    public bool UsesOvnTiming => Policy.UsesOvnTiming || Overrides.Values.Any(o => o.Policy.UsesOvnTiming);

    public PolicySettings PolicyFor(IPAddress vip) => Overrides.TryGetValue(vip, out var o) ? o.Policy : Policy;

    public VipRouting RoutingFor(IPAddress vip)
    {
        bool v4 = vip.AddressFamily == AddressFamily.InterNetwork;
        return Overrides.TryGetValue(vip, out var o)
            ? new VipRouting(Routes, v4 ? o.IPv4 : o.IPv6, o.Degraded)
            : new VipRouting(Routes, Routes.AttributesFor(vip), Degraded);
    }
}
