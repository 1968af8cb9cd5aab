using System.Collections.Immutable;

namespace ExaHealth.Routes;

/// <summary>
/// policy.degraded: while a VIP stays announced with fewer than <see cref="BelowOnline"/> backends
/// online, it is announced with a worse MED, a longer AS path and extra communities, so that
/// routers prefer a site that is fully healthy.
/// </summary>
internal sealed record DegradedSettings
{
    public required int BelowOnline { get; init; }

    public uint? Med { get; init; }

    public int AsPathPrepend { get; init; }

    public ImmutableArray<Community> Communities { get; init; } = [];

    public bool Equals(DegradedSettings? other) =>
        other is not null && BelowOnline == other.BelowOnline && Med == other.Med
        && AsPathPrepend == other.AsPathPrepend && Communities.SequenceEqual(other.Communities);

    public override int GetHashCode() => HashCode.Combine(BelowOnline, Med, AsPathPrepend, Communities.Length);
}
