using System.Collections.Immutable;
using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>
/// One Load_Balancer row: the raw vips map (kept so that update2 map diffs can be applied), the
/// parsed pairs, and whether they count (the name matches routes.loadBalancers and the protocol is known).
/// </summary>
internal sealed record BalancerRow(
    string Name,
    OvsdbValue RawVips,
    string? RawProtocol,
    BackendProtocol? Protocol,
    bool Selected,
    ImmutableArray<ParsedVip> Vips,
    Guid? NorthboundId = null)
{
    /// <summary>The entries this row contributes to the VIP index.</summary>
    public IEnumerable<VipEntry> Entries =>
        Selected && Protocol is not null ? Vips.Select(v => v.Entry).OfType<VipEntry>() : [];
}
