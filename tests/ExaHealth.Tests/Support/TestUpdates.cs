using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Support;

/// <summary>Rows written by a test, turned into the update2 JSON the replicas read.</summary>
internal static class TestUpdates
{
    /// <summary>Every Southbound column ExaHealth can ask for.</summary>
    public static readonly MonitorRequest Request = SouthboundSchema.RequestFor(ovnTiming: true, northbound: true, staleChassis: false);

    /// <summary>With the tables and column policy.staleChassis reads.</summary>
    public static readonly MonitorRequest WithChassis = SouthboundSchema.RequestFor(ovnTiming: true, northbound: true, staleChassis: true);

    public static TableUpdatesData Of(IReadOnlyList<TableUpdate> tables) => TableUpdatesWriter.Write(Request, tables);
}
