using System.Net;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The smallest cases of the failures <see cref="PipelineInterleavingProperties"/> found in plugin
/// code. Both FAIL on the current plugin (branch prop, issue 11) on purpose: they are kept failing
/// until the plugin is fixed, not adjusted to pass.
/// </summary>
[TestClass]
internal sealed class PipelineInterleavingRegressionTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("127.0.0.2");
    private readonly PipelineFixture _fixture = new();

    [TestMethod]
    [TestCategory("KnownBug")]
    public void Take_NeighborsFromAllToOneAfterAnotherAnnounce_WithdrawWrittenAfterTheReannounce()
    {
        // KNOWN BUG, fails on purpose. ExaBGP holds 10.0.0.11 for every neighbor (state file of a
        // configuration without routes.neighbors); now it is to go to 127.0.0.2 only, after 10.0.0.10
        // with the same attributes. The outbox rightly asks for "withdraw from all, then announce to
        // 127.0.0.2", but CommandFormatter groups the announce with 10.0.0.10's, whose group came first,
        // so the withdraw is written after it and ExaBGP ends with no route at all for 10.0.0.11.
        var attributes = TestSettings.Create().Routes.IPv4;
        var outbox = new RouteOutbox();
        outbox.Inherit([new Route(Prefix("10.0.0.11"), attributes)]);
        var toPeer = attributes with { Neighbors = [Peer] };
        outbox.Add([Announce("10.0.0.10", toPeer), Announce("10.0.0.11", toPeer)]);

        var lines = CommandFormatter.Format(outbox.Take());

        var last = lines.Last(l => l.Contains("10.0.0.11/32", StringComparison.Ordinal));
        Assert.Contains("announce", last, "ExaBGP applies lines in order; got:\n" + string.Join("\n", lines));
    }

    [TestMethod]
    [TestCategory("KnownBug")]
    public void OnRefused_ReannounceWithNewAttributesThenExcluded_OldRouteWithdrawn()
    {
        // KNOWN BUG, fails on purpose. A refused announce leaves ExaBGP with what it had: here the
        // route with the old med. Pipeline.OnRefused and RouteOutbox.Forget both forget the prefix as
        // if ExaBGP held nothing, so when the VIP is next to be withdrawn (here a reload excludes it from
        // routes.allowedPrefixes) no withdraw is written and the old route stays announced for good.
        var pipeline = _fixture.Create();
        var outbox = new RouteOutbox();
        outbox.Add(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
        outbox.Add(pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now));
        outbox.Take();
        var settings = pipeline.Settings;
        var (changes, _) = pipeline.Reconfigure(settings with { Routes = settings.Routes with { IPv4 = settings.Routes.IPv4 with { Med = 20 } } }, _fixture.Now);
        outbox.Add(changes);
        var refused = outbox.Take().Where(c => c.Route.Prefix == Prefix("10.0.0.10")).ToArray();
        Assert.HasCount(1, refused, "the re-announce with med 20");
        outbox.Add(pipeline.OnRefused(outbox.Forget(refused)));

        outbox.Add(pipeline.Reconfigure(settings with { Routes = settings.Routes with { AllowedPrefixes = [IPNetwork.Parse("fd00::/64")] } }, _fixture.Now).Changes);

        CollectionAssert.Contains(CommandFormatter.Format(outbox.Take()), "withdraw route 10.0.0.10/32 next-hop 192.0.2.10",
            "ExaBGP still holds 10.0.0.10 with med unset, now outside routes.allowedPrefixes");
    }

    [TestMethod]
    [TestCategory("KnownBug")]
    public void OnRefused_SameAnnounceDecidedAgainWhileInFlight_PipelineKeepsWhatTheOutboxWrites()
    {
        // KNOWN BUG, fails on purpose. The announce of 10.0.0.10 is in flight; meanwhile a reload
        // changes its med and a second one changes it back, so the same announce is queued again.
        // ExaBGP then refuses the first one: the outbox forgets what it wrote and writes the queued
        // announce, which ExaBGP accepts, but Pipeline.OnRefused (the refused route equals its current
        // one) forgets the route. When it is next to be withdrawn (here a reload excludes it from
        // routes.allowedPrefixes) nothing is written: the route stays announced, outside the allow-list.
        var pipeline = _fixture.Create();
        var outbox = new RouteOutbox();
        outbox.Add(pipeline.OnSnapshot(Snapshot(), _fixture.Now));
        outbox.Add(pipeline.OnUpdate(Update("03-status-online.json"), _fixture.Now));
        var inFlight = outbox.Take().Where(c => c.Route.Prefix == Prefix("10.0.0.10")).ToArray();
        var settings = pipeline.Settings;
        outbox.Add(pipeline.Reconfigure(settings with { Routes = settings.Routes with { IPv4 = settings.Routes.IPv4 with { Med = 20 } } }, _fixture.Now).Changes);
        outbox.Add(pipeline.Reconfigure(settings, _fixture.Now).Changes);

        outbox.Add(pipeline.OnRefused(outbox.Forget(inFlight)));
        var written = CommandFormatter.Format(outbox.Take());
        CollectionAssert.Contains(written, "announce route 10.0.0.10/32 next-hop 192.0.2.10 origin igp", "the queued announce goes out again");
        outbox.Add(pipeline.Reconfigure(settings with { Routes = settings.Routes with { AllowedPrefixes = [IPNetwork.Parse("fd00::/64")] } }, _fixture.Now).Changes);

        CollectionAssert.Contains(CommandFormatter.Format(outbox.Take()), "withdraw route 10.0.0.10/32 next-hop 192.0.2.10",
            "the announce written after the refusal is withdrawn once 10.0.0.10 is outside routes.allowedPrefixes");
    }

    private static RouteChange Announce(string address, RouteAttributes attributes) =>
        new(RouteChangeKind.Announce, new Route(Prefix(address), attributes));
}
