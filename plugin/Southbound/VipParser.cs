using System.Collections.Immutable;
using ExaHealth.Text;

namespace ExaHealth.Southbound;

/// <summary>
/// Parses Load_Balancer.vips (SPEC section 3): key <c>VIP</c> or <c>VIP:PORT</c>, value a
/// comma-separated backend list in the same form. As in OVN (lib/lb.c), one bad backend
/// invalidates the whole entry, since OVN then does not program the VIP at all; empty list
/// items are skipped as OVN's tokenizer skips them. Nothing is trimmed or guessed.
/// </summary>
internal static class VipParser
{
    public static bool TryParseEntry(string key, string value, out VipEntry entry, out string? error)
    {
        entry = null!;
        if (!EndpointParser.TryParseEndpoint(key, out var vip))
        {
            error = "not an address[:port]";
            return false;
        }

        var backends = ImmutableArray.CreateBuilder<ServiceEndpoint>();
        foreach (var range in value.AsSpan().Split(','))
        {
            var text = value.AsSpan(range);
            if (text.IsEmpty)
            {
                continue;
            }

            if (!EndpointParser.TryParseEndpoint(text, out var backend))
            {
                error = $"backend \"{Printable.Of(text.ToString())}\" is not an address[:port]";
                return false;
            }

            if ((backend.Port == 0) != (vip.Port == 0))
            {
                error = $"backend \"{Printable.Of(text.ToString())}\" {(vip.Port == 0 ? "has a port the VIP lacks" : "lacks the VIP's port")}";
                return false;
            }

            if (backend.Address.IsV6 != vip.Address.IsV6)
            {
                error = $"backend \"{Printable.Of(text.ToString())}\" is of another address family";
                return false;
            }

            backends.Add(backend);
        }

        entry = new VipEntry(vip, backends.DrainToImmutable());
        error = null;
        return true;
    }
}
