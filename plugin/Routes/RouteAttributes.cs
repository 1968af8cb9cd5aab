using System.Collections.Immutable;
using System.Net;

namespace ExaHealth.Routes;

/// <summary>
/// Everything sent with a prefix, and the neighbors it goes to (empty: every neighbor of the
/// process). Equal attributes let routes share one grouped command line.
/// </summary>
internal sealed record RouteAttributes
{
    public NextHop NextHop { get; init; }

    public Origin? Origin { get; init; }

    public ImmutableArray<uint> AsPath { get; init; } = [];

    public uint? Med { get; init; }

    public uint? LocalPreference { get; init; }

    public ImmutableArray<Community> Communities { get; init; } = [];

    public ImmutableArray<LargeCommunity> LargeCommunities { get; init; } = [];

    public ImmutableArray<IPAddress> Neighbors { get; init; } = [];

    public bool Equals(RouteAttributes? other) =>
        other is not null
        && NextHop == other.NextHop
        && Origin == other.Origin
        && Med == other.Med
        && LocalPreference == other.LocalPreference
        && AsPath.SequenceEqual(other.AsPath)
        && Communities.SequenceEqual(other.Communities)
        && LargeCommunities.SequenceEqual(other.LargeCommunities)
        && Neighbors.SequenceEqual(other.Neighbors);

    public override int GetHashCode() => HashCode.Combine(NextHop, Origin, Med, LocalPreference, AsPath.Length, Communities.Length, Neighbors.Length);
}
