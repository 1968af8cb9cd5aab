using System.Collections.Immutable;
using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>
/// One Load_Balancer row: the raw vips map (kept so that update2 map diffs can be applied) and
/// the entries it contributes to the VIP index (none when the name is filtered out or the
/// protocol is unknown).
/// </summary>
internal sealed record BalancerRow(
    string Name,
    OvsdbValue RawVips,
    string? RawProtocol,
    BackendProtocol? Protocol,
    ImmutableArray<VipEntry> Entries);
