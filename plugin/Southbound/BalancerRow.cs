using System.Collections.Immutable;

namespace ExaHealth.Southbound;

/// <summary>
/// One Load_Balancer row: its vips pairs (raw and parsed), protocol, the NB row it came from, and
/// whether its entries count (the name matches routes.loadBalancers and the protocol is known).
/// </summary>
internal sealed record BalancerRow(
    string Name,
    ImmutableArray<ParsedVip> Vips,
    string? RawProtocol,
    BackendProtocol? Protocol,
    bool Selected,
    Guid? NorthboundId = null)
{
    /// <summary>The entries this row contributes to the VIP index.</summary>
    public IEnumerable<VipEntry> Entries =>
        Selected && Protocol is not null ? Vips.Select(v => v.Entry).OfType<VipEntry>() : [];
}
