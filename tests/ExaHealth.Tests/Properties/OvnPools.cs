using System.Net;
using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The few VIPs, backends, row UUIDs and peers the interleaving property draws from, small so that
/// load balancers share VIP addresses, Service_Monitor rows share backends and health checks share
/// VIP keys; and the rows built from them as OVN writes them.
/// </summary>
internal static class OvnPools
{
    /// <summary>VIP keys: in and out of the allow-lists, one address twice (two ports), one IPv6.</summary>
    public static readonly string[] VipKeys = ["10.0.0.10:80", "10.0.0.11:80", "10.0.1.10:80", "[fd00::10]:80", "10.0.0.10:443"];

    public static readonly string[] Backends = ["10.10.10.1:80", "10.10.10.2:80", "10.10.10.3:80", "[fd00::1]:80"];

    private static readonly string[] BackendIps = ["10.10.10.1", "10.10.10.2", "10.10.10.3", "fd00::1"];

    /// <summary>Service_Monitor status values; null is the empty (never probed) status.</summary>
    public static readonly string?[] Statuses = ["online", "offline", "error", null];

    public static readonly Guid[] NbBalancers = [Id(21), Id(22)];

    /// <summary>The third SB row shares its UUID with an NB row (the link of OVN 25.03 and later).</summary>
    public static readonly Guid[] SbBalancers = [Id(1), Id(2), NbBalancers[0]];

    /// <summary>More rows than backends, so that two rows can stand for one backend.</summary>
    public static readonly Guid[] Monitors = [Id(11), Id(12), Id(13), Id(14), Id(15)];

    public static readonly Guid[] Checks = [Id(31), Id(32), Id(33)];

    public static readonly IPAddress[] Peers = [IPAddress.Parse("127.0.0.2"), IPAddress.Parse("127.0.0.3"), IPAddress.Parse("127.0.0.4")];

    /// <summary>
    /// SB Load_Balancer row <paramref name="index"/>: the VIP keys of <paramref name="keyMask"/>, each with
    /// the backends of four bits of <paramref name="backendBits"/> (none possible); rows 0 and 1 link to an
    /// NB row by external_ids:lb_id as <paramref name="link"/> says (0 none, 1 or 2 that NB row).
    /// </summary>
    public static Dictionary<string, OvsdbValue> SbBalancer(int index, int keyMask, int backendBits, int link)
    {
        var vips = new List<(string, string)>();
        for (int k = 0; k < VipKeys.Length; k++)
        {
            if ((keyMask & (1 << k)) != 0)
            {
                int bits = (backendBits >> (4 * k)) & 15;
                vips.Add((VipKeys[k], string.Join(',', Backends.Where((_, b) => (bits & (1 << b)) != 0))));
            }
        }

        var row = new Dictionary<string, OvsdbValue>
        {
            [SouthboundSchema.LoadBalancerName] = StringValue("lb-" + index),
            [SouthboundSchema.LoadBalancerProtocol] = StringValue("tcp"),
            [SouthboundSchema.LoadBalancerVips] = Map([.. vips]),
            [SouthboundSchema.LoadBalancerExternalIds] = index < 2 && link % 3 != 0
                ? Map(("lb_id", NbBalancers[(link % 3) - 1].ToString("D")))
                : OvsdbValue.EmptyMap,
        };
        return row;
    }

    public static Dictionary<string, OvsdbValue> Monitor(int backend, string? status) => new()
    {
        [SouthboundSchema.ServiceMonitorIp] = StringValue(BackendIps[backend]),
        [SouthboundSchema.ServiceMonitorPort] = OvsdbValue.FromAtom(OvsdbAtom.FromInteger(80)),
        [SouthboundSchema.ServiceMonitorProtocol] = StringValue("tcp"),
        [SouthboundSchema.ServiceMonitorStatus] = status is null ? OvsdbValue.EmptySet : StringValue(status),
    };

    /// <summary>
    /// NB Load_Balancer: the health checks of <paramref name="checkMask"/>; ip_port_mappings (not monitored:
    /// the replica must not depend on it) for every backend when <paramref name="mapped"/>.
    /// </summary>
    public static Dictionary<string, OvsdbValue> NbBalancer(int checkMask, bool mapped) => new()
    {
        [NorthboundSchema.LoadBalancerHealthCheck] = OvsdbValue.FromSet([.. Checks.Where((_, c) => (checkMask & (1 << c)) != 0).Select(OvsdbAtom.FromUuid)]),
        [NorthboundSchema.LoadBalancerProtocol] = StringValue("tcp"),
        ["ip_port_mappings"] = mapped ? Map([.. BackendIps.Select(ip => (ip, "lsp-" + ip + ":10.10.10.254"))]) : OvsdbValue.EmptyMap,
    };

    public static Dictionary<string, OvsdbValue> Check(int key) => new() { [NorthboundSchema.HealthCheckVip] = StringValue(VipKeys[key]) };

    /// <summary>The health checks an NB row references, as a mask over <see cref="Checks"/>.</summary>
    public static int CheckMask(Dictionary<string, OvsdbValue> nbBalancer)
    {
        var value = nbBalancer[NorthboundSchema.LoadBalancerHealthCheck];
        var atoms = value.Atoms.IsDefault ? [] : value.Atoms.Select(a => a.AsUuid()).ToList();
        return Enumerable.Range(0, Checks.Length).Where(c => atoms.Contains(Checks[c])).Sum(c => 1 << c);
    }

    public static bool IsMapped(Dictionary<string, OvsdbValue> nbBalancer) => nbBalancer["ip_port_mappings"].PairsOrEmpty.Any();

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:x12}");
}
