using ExaHealth.ExaBgp;
using ExaHealth.Health;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Southbound;

namespace ExaHealth.Configuration;

/// <summary>The whole validated configuration, each part in the type of the stage that uses it.</summary>
internal sealed record Settings
{
    public required OvsdbClientOptions Ovsdb { get; init; }

    public required IReadOnlyList<string> LoadBalancerPatterns { get; init; }

    public required RouteSettings Routes { get; init; }

    public required PolicySettings Policy { get; init; }

    public EmptyStatus EmptyStatus { get; init; } = EmptyStatus.Online;

    public required ExaBgpSettings ExaBgp { get; init; }

    public required LoggingSettings Logging { get; init; }

    /// <summary>Keys that were set to something this version accepts but does not act on yet.</summary>
    public IReadOnlyList<string> NotImplemented { get; init; } = [];

    public LoadBalancerFilter LoadBalancerFilter => new(LoadBalancerPatterns);
}
