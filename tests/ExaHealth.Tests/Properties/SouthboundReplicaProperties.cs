using System.Net;
using CsCheck;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The replica kept up to date message by message against the model: after any monitor reply and
/// any updates, it holds exactly what a fresh replica builds from the model's rows as one monitor
/// reply, and every VIP whose inputs changed was reported as touched.
/// </summary>
[TestClass]
internal sealed class SouthboundReplicaProperties
{
    /// <summary>Every backend key the generated monitor rows can make, so rows no VIP uses are compared too.</summary>
    private static readonly BackendKey[] Keys = [..
        from ip in SouthboundRows.MonitorIps
        let key = Key(ip)
        where key is not null
        from port in SouthboundRows.MonitorPorts
        where port is >= 1 and <= 65535
        from protocol in Enum.GetValues<BackendProtocol>()
        select new BackendKey(key.Value, (int)port, protocol)];

    /// <summary>A monitor reply, then updates, now and then another monitor reply (a reconnection).</summary>
    private static readonly Gen<(bool Snapshot, TableUpdate[] Tables)[]> Messages = Gen.Select(
        SouthboundRows.Snapshot,
        Gen.Frequency<(bool, TableUpdate[])>(
            (8, SouthboundRows.Update.Select(u => (false, u))),
            (1, SouthboundRows.Snapshot.Select(s => (true, s)))).Array[1, 8],
        (first, rest) => rest.Prepend((true, first)).ToArray());

    [TestMethod]
    public void Apply_AnyMessages_SameAsAFreshReplicaOfTheModel()
    {
        Messages.Sample(messages =>
        {
            var replica = NewReplica();
            var model = new RowStore();
            foreach (var (snapshot, tables) in messages)
            {
                var before = ReplicaView.Vips(replica);
                var touched = new HashSet<IPAddress>();
                replica.Apply(TestUpdates.Of(tables).Check(), snapshot, touched);
                if (snapshot)
                {
                    // Laid out as the runner does after a snapshot (the other property keeps the allocation order).
                    replica.LayOutIfDue();
                    model.Clear();
                }

                model.Apply(tables);
                TableUpdatesProperties.AssertTouched(before, ReplicaView.Vips(replica), touched);

                var fresh = NewReplica();
                fresh.Apply(model.Snapshot().Check(), snapshot: true, touched: null);
                Assert.AreEqual(ReplicaView.Text(fresh, Keys), ReplicaView.Text(replica, Keys));
            }
        }, iter: 400, print: Print);
    }

    [TestMethod]
    public void Apply_DeferringFlips_TheTouchedSetAndTheFlippedVipsTogetherAreEveryChangedVipOnce()
    {
        Messages.Sample(messages =>
        {
            var replica = NewReplica();
            foreach (var (snapshot, tables) in messages)
            {
                var before = ReplicaView.Vips(replica);
                var touched = new HashSet<IPAddress>();
                replica.Apply(TestUpdates.Of(tables).Check(), snapshot, touched, deferFlips: true);
                var flipped = replica.FlippedVips(touched).ToList();

                Assert.AreEqual(flipped.Count, flipped.Distinct().Count(), "each flipped VIP once");
                Assert.IsFalse(flipped.Any(touched.Contains), "none already in the touched set");
                touched.UnionWith(flipped);
                TableUpdatesProperties.AssertTouched(before, ReplicaView.Vips(replica), touched);
            }
        }, iter: 400, print: Print);
    }

    /// <summary>The Northbound's answer for an NB load balancer and a vips key; arbitrary but fixed.</summary>
    private static HealthCheckConfig? IsChecked(Guid northboundId, string key) =>
        new((northboundId.ToByteArray()[0] + key.Length) % 3 != 0, ExaHealth.Northbound.NorthboundBalancer.NoPorts);

    private static SouthboundReplica NewReplica() =>
        new(new LoadBalancerFilter(["lb-*"]), NullLogger.Instance, trackOvnTiming: true, isChecked: IsChecked);

    private static IpKey? Key(string ip) => EndpointParser.TryParseKey(ip, out var key) ? key : null;

    private static string Print((bool Snapshot, TableUpdate[] Tables)[] messages) => string.Join("\n", messages.Select(m =>
        (m.Snapshot ? "snapshot: " : "update: ") + System.Text.Encoding.UTF8.GetString(TestUpdates.Of(m.Tables).Json.Span)));
}
