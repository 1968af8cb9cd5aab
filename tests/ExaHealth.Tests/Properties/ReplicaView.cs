using System.Net;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Everything a <see cref="SouthboundReplica"/> tells later stages, as sorted text lines, so two
/// replicas compare with one assertion and a failure shows the lines that differ.
/// </summary>
internal static class ReplicaView
{
    /// <summary>The whole replica; <paramref name="backends"/> adds backend keys to look up besides those the VIPs use (listed when they have rows).</summary>
    public static List<string> Of(SouthboundReplica replica, IEnumerable<BackendKey> backends)
    {
        var lines = new List<string> { $"load balancers {replica.LoadBalancerCount}", $"service monitors {replica.ServiceMonitorCount}" };
        lines.AddRange(Vips(replica).Select(v => v.Value));
        var keys = new HashSet<BackendKey>(backends);
        foreach (var address in replica.VipAddresses)
        {
            keys.UnionWith(replica.FindVip(address)!.Backends);
        }

        lines.AddRange(keys
            .Where(k => replica.GetBackend(k) != default || replica.GetTiming(k) != default)
            .Select(k => $"backend {Backend(replica, k)}"));
        lines.AddRange(replica.SelectedEntries().Select(e =>
            $"entry {e.Name} {e.Protocol} {e.Entry.Vip} checked={e.Entry.HealthChecked} -> {string.Join(",", e.Entry.Backends)}"));
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The same, one line each, for an equality assertion that shows both sides.</summary>
    public static string Text(SouthboundReplica replica, IEnumerable<BackendKey> backends) => string.Join("\n", Of(replica, backends));

    /// <summary>Per VIP address, what its health is computed from: its entries, backends, and their rows.</summary>
    public static Dictionary<IPAddress, string> Vips(SouthboundReplica replica) => replica.VipAddresses.ToDictionary(
        a => a,
        a =>
        {
            var vip = replica.FindVip(a)!;
            var backends = vip.References.ToArray().Select(r => $"{Backend(replica, r.Key)} {r.Refs}").Order(StringComparer.Ordinal);
            return $"vip {a} entries {vip.Entries}: {string.Join("; ", backends)}";
        });

    private static string Backend(SouthboundReplica replica, BackendKey key)
    {
        var rows = replica.GetBackend(key);
        var timing = replica.GetTiming(key);
        return $"{key.Address} {key.Port} {key.Protocol}: rows {rows.Rows} online {rows.Online} offline {rows.Offline} unset {rows.Unset}"
            + $" timing {timing.IntervalSeconds}/{timing.FailureCount}/{timing.SuccessCount}";
    }
}
