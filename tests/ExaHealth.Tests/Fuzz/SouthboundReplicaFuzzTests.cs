using System.Text;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Fuzz;

/// <summary>
/// A row the replica could not apply (found while writing tests/ExaHealth.Fuzz and replayed with it):
/// a vips map repeating a pair, then any change to the row, threw from building the new row.
/// </summary>
[TestClass]
internal sealed class SouthboundReplicaFuzzTests
{
    private const string Row = "8c2d0f0e-1111-4a2b-9c3d-4e5f6a7b8c9d";

    [TestMethod]
    public void Apply_VipsPairRepeatedThenRowModified_OneEntry()
    {
        var replica = new SouthboundReplica(LoadBalancerFilter.All, new ListLogger());
        replica.Apply(Updates("{\"id\":1,\"result\":{\"Load_Balancer\":{\"" + Row + "\":{\"initial\":{\"name\":\"lb1\",\"protocol\":\"tcp\",\"vips\":"
            + "[\"map\",[[\"10.0.0.10:80\",\"10.10.10.226:80\"],[\"10.0.0.10:80\",\"10.10.10.226:80\"]]]}}}},\"error\":null}"), snapshot: true, touched: null);

        replica.Apply(Updates("{\"id\":null,\"method\":\"update2\",\"params\":[[\"exahealth\"],{\"Load_Balancer\":{\"" + Row + "\":{\"modify\":{\"name\":\"lb2\"}}}}]}"), snapshot: false, touched: null);

        Assert.AreEqual("lb2", replica.SelectedEntries().Single().Name);
    }

    private static ExaHealth.Ovsdb.TableUpdatesData Updates(string message) => Fixtures.Updates(Encoding.UTF8.GetBytes(message));
}
