using System.Collections.Immutable;
using ExaHealth.Text;

namespace ExaHealth.Southbound;

/// <summary>
/// Parses Load_Balancer.vips (SPEC section 3): key <c>VIP</c> or <c>VIP:PORT</c>, value a
/// comma-separated backend list in the same form. A key that does not parse drops its entry;
/// a backend that does not parse, or whose port presence differs from the VIP's, is dropped from
/// the list. Each drop is reported once through <paramref name="problem"/>, never repaired.
/// </summary>
internal static class VipParser
{
    public static ImmutableArray<VipEntry> Parse(
        IEnumerable<KeyValuePair<string, string>> vips,
        string loadBalancer,
        Action<string> problem)
    {
        var entries = ImmutableArray.CreateBuilder<VipEntry>();
        foreach (var (key, value) in vips)
        {
            if (!EndpointParser.TryParseEndpoint(key, out var vip))
            {
                problem($"load balancer {Printable.Of(loadBalancer)}: VIP \"{Printable.Of(key)}\" is not an address[:port]; entry skipped");
                continue;
            }

            entries.Add(new VipEntry(vip, ParseBackends(vip, value, loadBalancer, problem)));
        }

        return entries.DrainToImmutable();
    }

    private static ImmutableArray<ServiceEndpoint> ParseBackends(ServiceEndpoint vip, string list, string loadBalancer, Action<string> problem)
    {
        if (list.Length == 0)
        {
            return [];
        }

        var backends = ImmutableArray.CreateBuilder<ServiceEndpoint>();
        foreach (var range in list.AsSpan().Split(','))
        {
            var text = list.AsSpan(range);
            if (!EndpointParser.TryParseEndpoint(text, out var backend))
            {
                problem($"load balancer {Printable.Of(loadBalancer)}: backend \"{Printable.Of(text.ToString())}\" of VIP {vip.Address} is not an address[:port]; backend skipped");
                continue;
            }

            if ((backend.Port == 0) != (vip.Port == 0))
            {
                problem($"load balancer {Printable.Of(loadBalancer)}: backend \"{Printable.Of(text.ToString())}\" of VIP {vip.Address} {(vip.Port == 0 ? "has a port the VIP lacks" : "lacks the VIP's port")}; backend skipped");
                continue;
            }

            if (backend.Address.AddressFamily != vip.Address.AddressFamily)
            {
                problem($"load balancer {Printable.Of(loadBalancer)}: backend \"{Printable.Of(text.ToString())}\" of VIP {vip.Address} is of another address family; backend skipped");
                continue;
            }

            backends.Add(backend);
        }

        return backends.DrainToImmutable();
    }
}
