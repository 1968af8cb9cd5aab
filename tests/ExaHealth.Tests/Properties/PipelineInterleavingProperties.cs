using CsCheck;
using ExaHealth.Routes;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The pipeline under random interleavings of both databases' snapshots, resumes, updates and
/// disconnections, time, reloads, peers coming up and ExaBGP refusing announces, played as
/// PluginRunner and the writer play them against a model of the true databases and of ExaBGP.
/// Two properties: nothing outside the allow-list in force is ever announced (checked at every
/// step, inside <see cref="InterleavingRun"/>), and once both databases have answered with a full
/// snapshot the routes, and what ExaBGP holds, are those a fresh pipeline decides from the same rows.
/// </summary>
[TestClass]
internal sealed class PipelineInterleavingProperties
{
    // The first case is fixed (it failed once: a refused announce, see PipelineInterleavingRegressionTests);
    // the rest are random, and a failure prints the seed: EXAHEALTH_SEED=<seed> replays that one case
    // (the seed given here overrides CsCheck_Seed). 2,000 cases take about a second.
    private const string FirstSeed = "4SLs_fkqxHD1";

    [TestMethod]
    public void Pipeline_AnyInterleaving_AnnouncesOnlyAllowedAndConvergesToAFreshPipeline()
    {
        InterleavingGen.Run.Sample(Check, seed: Environment.GetEnvironmentVariable("EXAHEALTH_SEED") ?? FirstSeed, iter: Environment.GetEnvironmentVariable("EXAHEALTH_SEED") is null ? 2000 : 1, print: Print);
    }

    private static void Check((InterleavingConfig Config, Route[] Inherited, InterleavingStep[] Steps) run)
    {
        var played = new InterleavingRun(run.Config, run.Inherited);
        foreach (var step in run.Steps)
        {
            played.Play(step);
        }

        var (routes, freshRoutes, rib, freshRib) = played.Quiesce();
        Assert.AreEqual(freshRoutes, routes, "the pipeline's routes differ from a fresh pipeline's\n" + played.Trace);
        Assert.AreEqual(freshRib, rib, "what ExaBGP holds differs from what a fresh pipeline announces\n" + played.Trace);
    }

    private static string Print((InterleavingConfig Config, Route[] Inherited, InterleavingStep[] Steps) run) =>
        $"config {run.Config}\ninherited {string.Join(", ", run.Inherited.Select(r => r.Prefix))}\n{string.Join("\n", run.Steps.AsEnumerable())}";
}
