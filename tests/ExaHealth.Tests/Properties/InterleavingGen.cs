using System.Net;
using CsCheck;
using ExaHealth.Routes;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Generators of the interleaving property: a starting configuration, the routes a previous
/// incarnation left in ExaBGP, and a sequence of steps, weighted so that Southbound updates and
/// writer steps are common and reconnections, reloads and refusals frequent enough to meet them.
/// </summary>
internal static class InterleavingGen
{
    // Declared first: the generators below read it when they are initialised.
    private static readonly IPAddress[] Addresses = [.. new[] { "10.0.0.10", "10.0.0.11", "10.0.1.10", "fd00::10" }.Select(IPAddress.Parse)];

    public static readonly Gen<InterleavingConfig> Config = Gen.Select(
        Gen.Int[0, InterleavingConfig.AllowedPrefixes.Length - 1],
        Gen.Int[0, InterleavingConfig.NeighborSets.Length - 1],
        Gen.Int[0, InterleavingConfig.Meds.Length - 1],
        Gen.Frequency((4, Gen.Const(0)), (1, Gen.Const(1))),
        Gen.Bool.Array[4],
        (allowed, neighbors, med, remote, flags) => new InterleavingConfig(allowed, neighbors, med, remote, flags[0], flags[1], flags[2], flags[3]));

    /// <summary>Routes of the state file: some VIP addresses, under attributes of some earlier configuration.</summary>
    public static readonly Gen<Route[]> Inherited = Gen.Select(Gen.Int[0, 15], Config, (mask, earlier) =>
    {
        var routes = earlier.ToSettings().Routes;
        return Addresses.Where((_, i) => (mask & (1 << i)) != 0)
            .Select(a => new Route(HostPrefix.For(a), routes.AttributesFor(a)))
            .ToArray();
    });

    private static readonly Gen<SbChange> SbChange = Gen.Select(
        Gen.Frequency(
            (5, Gen.Const(SbChangeKind.Status)),
            (2, Gen.Const(SbChangeKind.AddMonitor)),
            (1, Gen.Const(SbChangeKind.RemoveMonitor)),
            (2, Gen.Const(SbChangeKind.AddBalancer)),
            (1, Gen.Const(SbChangeKind.RemoveBalancer)),
            (2, Gen.Const(SbChangeKind.ChangeVips))),
        Gen.Int[0, 4], Gen.Int[0, 31], Gen.Int[0, (1 << 20) - 1],
        (kind, row, a, b) => new SbChange(kind, row, a, b));

    private static readonly Gen<NbChange> NbChange = Gen.Select(
        Gen.Enum<NbChangeKind>(), Gen.Int[0, 2], Gen.Int[0, 7], Gen.Int[0, 3],
        (kind, row, a, b) => new NbChange(kind, row, a, b));

    public static readonly Gen<InterleavingStep> Step = Gen.Frequency<InterleavingStep>(
        (2, Gen.Frequency((1, Gen.Const(0)), (1, Gen.Int[1, 3])).Select(p => (InterleavingStep)new InterleavingStep.SbSnapshot(p))),
        (1, Gen.Select(Gen.Int[2, 4], Gen.Int[0, 3], (p, d) => (InterleavingStep)new InterleavingStep.SbStreamStart(p, d))),
        (1, Gen.Const<InterleavingStep>(new InterleavingStep.SbStreamFinish())),
        (2, Gen.Const<InterleavingStep>(new InterleavingStep.SbResume())),
        (8, SbChange.Array[1, 3].Select(c => (InterleavingStep)new InterleavingStep.SbUpdate(c))),
        (1, Gen.Const<InterleavingStep>(new InterleavingStep.SbDisconnect())),
        (1, Gen.Const<InterleavingStep>(new InterleavingStep.NbSnapshot())),
        (1, Gen.Const<InterleavingStep>(new InterleavingStep.NbResume())),
        (3, NbChange.Array[1, 2].Select(c => (InterleavingStep)new InterleavingStep.NbUpdate(c))),
        (1, Gen.Const<InterleavingStep>(new InterleavingStep.NbDisconnect())),
        (2, Gen.OneOf<int>(1, 5, 11, 61).Select(s => (InterleavingStep)new InterleavingStep.Advance(s))),
        (2, Config.Select(c => (InterleavingStep)new InterleavingStep.Reload(c))),
        (1, Gen.Int[0, 2].Select(p => (InterleavingStep)new InterleavingStep.NeighborUp(p))),
        (6, Gen.Frequency((3, Gen.Const(false)), (1, Gen.Const(true))).Select(r => (InterleavingStep)new InterleavingStep.Writer(r))),
        (1, Gen.Bool.Select(on => (InterleavingStep)new InterleavingStep.Maintenance(on))));

    public static readonly Gen<(InterleavingConfig Config, Route[] Inherited, InterleavingStep[] Steps)> Run =
        Gen.Select(Config, Inherited, Step.Array[1, 40]);
}
