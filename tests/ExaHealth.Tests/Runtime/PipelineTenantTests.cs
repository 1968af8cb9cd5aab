using ExaHealth.Northbound;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using static ExaHealth.Tests.Support.PipelineFixture;

namespace ExaHealth.Tests.Runtime;

/// <summary>
/// Two tenants with overlapping subnets, each with a backend 192.168.0.5:80 behind its own logical
/// port: OVN matches Service_Monitor rows on (logical_port, ip, port, protocol), so one tenant's
/// health is never the other's (SPEC section 3).
/// </summary>
[TestClass]
internal sealed class PipelineTenantTests
{
    private readonly PipelineFixture _fixture = new();
    private readonly OvnRows _tenantA = OvnRows.Create(1, "10.0.0.10:80", "192.168.0.5:80");
    private readonly OvnRows _tenantB = OvnRows.Create(2, "10.0.0.11:80", "192.168.0.5:80");

    [TestMethod]
    public void WithNorthbound_OneTenantsBackendOffline_OnlyItsVipWithdrawn()
    {
        var settings = TestSettings.Create() with { Northbound = new OvsdbClientOptions { Remotes = [NbRemote] } };
        var pipeline = _fixture.Create(settings);
        pipeline.OnNorthbound(new OvsdbSnapshot(NbRemote, OvnRows.Northbound(
            new TableUpdate(NorthboundSchema.LoadBalancer, [_tenantA.NbBalancerRow(), _tenantB.NbBalancerRow()]),
            new TableUpdate(NorthboundSchema.HealthCheck, [_tenantA.CheckRow(), _tenantB.CheckRow()])), TimeSpan.Zero), _fixture.Now);

        pipeline.OnSnapshot(Snapshot(), _fixture.Now);

        Assert.IsTrue(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")), "tenant A's 192.168.0.5 is online");
        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.11")), "tenant B's 192.168.0.5 is offline");
    }

    [TestMethod]
    public void WithoutNorthbound_OneTenantsBackendOffline_NeitherAnnouncesOnTheOthersHealth()
    {
        var pipeline = _fixture.Create();

        pipeline.OnSnapshot(Snapshot(), _fixture.Now);

        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.10")), "which row is A's cannot be known: online only if every candidate is");
        Assert.IsFalse(pipeline.Routes.IsAnnounced(Prefix("10.0.0.11")));
    }

    private OvsdbSnapshot Snapshot() => new(SbRemote, OvnRows.Southbound(
        new TableUpdate(SouthboundSchema.LoadBalancer, [_tenantA.SbBalancerRow(), _tenantB.SbBalancerRow()]),
        new TableUpdate(SouthboundSchema.ServiceMonitor, [_tenantA.MonitorRow(0, "online"), _tenantB.MonitorRow(0, "offline")])), TimeSpan.Zero);
}
