using System.Net;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Routes;
using ExaHealth.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Support;

/// <summary>
/// What a <see cref="Pipeline"/> test runs in: fake time that moves only when told, a log to read
/// back, the remotes of <see cref="TestSettings"/>, and the golden traffic most tests start from.
/// One per test (MSTest makes a class instance per test method), so no state leaks between tests.
/// </summary>
internal sealed class PipelineFixture
{
    public static readonly OvsdbRemote SbRemote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock");

    public static readonly OvsdbRemote NbRemote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/nb.sock");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    public ListLogger Log { get; } = new();

    public DateTimeOffset Now => Time.GetUtcNow();

    public Pipeline Create(Settings? settings = null) => new(settings ?? TestSettings.Create(), Log);

    /// <summary>Synced on the golden monitor reply with every backend online: 10.0.0.10 and fd00::10 announced.</summary>
    public Pipeline Synced(Settings? settings = null)
    {
        var pipeline = Create(settings);
        pipeline.OnSnapshot(Snapshot(), Now);
        pipeline.OnUpdate(Update("03-status-online.json"), Now);
        return pipeline;
    }

    /// <summary>The golden monitor reply, as the Southbound session hands it on.</summary>
    public static OvsdbSnapshot Snapshot() => new(SbRemote, Fixtures.Updates("01-monitor-reply.json"), TimeSpan.Zero);

    /// <summary>A golden update2 notification, as the Southbound session hands it on.</summary>
    public static OvsdbUpdate Update(string fixture) => new(Fixtures.Updates(fixture));

    /// <summary>The lines ExaBGP would be sent: tests compare text, as an operator reads it.</summary>
    public static List<string> Lines(List<RouteChange> changes) => CommandFormatter.Format(changes);

    public static IPNetwork Prefix(string address) => HostPrefix.For(IPAddress.Parse(address));
}
