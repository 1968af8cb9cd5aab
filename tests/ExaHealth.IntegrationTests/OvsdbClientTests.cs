using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ExaHealth.Lab;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.IntegrationTests;

/// <summary>The OVSDB client against a real ovsdb-server with the OVN Southbound schema.</summary>
[TestClass]
public sealed class OvsdbClientTests
{
    private static LabOptions Options => new()
    {
        Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
        StartExaBgp = false,
    };

    [TestMethod]
    public async Task Tcp_SnapshotThenUpdates_AndServerEchoAnswered()
    {
        using var lab = LabEnvironment.Start(Options);
        await using var client = Run(lab.Ovn.SbTcpRemote, probe: TimeSpan.Zero);

        var snapshot = await client.NextAsync<OvsdbSnapshot>();
        Assert.AreEqual(2, snapshot.Updates.Decode().Single(t => t.Table == SouthboundSchema.ServiceMonitor).Rows.Count);
        Assert.AreEqual(1, snapshot.Updates.Decode().Single(t => t.Table == SouthboundSchema.LoadBalancer).Rows.Count);

        // ovsdb-server probes TCP clients every 5 s and drops those that do not answer.
        await Task.Delay(TimeSpan.FromSeconds(11));
        lab.Ovn.SetStatus("10.10.10.226", "offline");

        var update = await client.NextAsync<OvsdbUpdate>();
        Assert.AreEqual(RowChangeKind.Modify, update.Updates.Decode().Single().Rows.Single().Kind);
        Assert.IsFalse(client.Events.OfType<OvsdbDisconnected>().Any(), "still the first connection: the server's echoes were answered");
    }

    [TestMethod]
    public async Task Unix_OwnProbesAnswered_ConnectionStays()
    {
        using var lab = LabEnvironment.Start(Options);
        await using var client = Run(lab.Ovn.SbUnixRemote, probe: TimeSpan.FromMilliseconds(200));
        await client.NextAsync<OvsdbSnapshot>();

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.IsFalse(client.Events.OfType<OvsdbDisconnected>().Any());
    }

    [TestMethod]
    public async Task ServerRestarted_ReconnectsAndTakesAFreshSnapshot()
    {
        using var lab = LabEnvironment.Start(Options);
        await using var client = Run(lab.Ovn.SbUnixRemote, probe: TimeSpan.FromSeconds(1));
        await client.NextAsync<OvsdbSnapshot>();

        lab.Ovn.StopSouthbound();
        var lost = await client.NextAsync<OvsdbDisconnected>();
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(1), lost.RetryIn);
        lab.Ovn.StartSouthbound();

        await client.NextAsync<OvsdbConnected>(15);
        var snapshot = await client.NextAsync<OvsdbSnapshot>();
        Assert.AreEqual(2, snapshot.Updates.Decode().Single(t => t.Table == SouthboundSchema.ServiceMonitor).Rows.Count);
    }

    [TestMethod]
    public async Task ServerWithoutTheDatabase_LeftAndRetriedNotFatal()
    {
        using var lab = LabEnvironment.Start(Options);
        await using var client = Run("unix:" + lab.Ovn.NbSocket, probe: TimeSpan.Zero);

        var first = await client.NextAsync<OvsdbDisconnected>();
        var second = await client.NextAsync<OvsdbDisconnected>();

        StringAssert.Contains(first.Reason, "the server does not serve database OVN_Southbound");
        StringAssert.Contains(second.Reason, "does not serve database");
    }

    [TestMethod]
    public async Task MessageAboveLimit_ClosesTheConnectionWithAnError()
    {
        using var lab = LabEnvironment.Start(Options);
        await using var client = Run(lab.Ovn.SbUnixRemote, probe: TimeSpan.Zero, maxMessageBytes: 300);

        var lost = await client.NextAsync<OvsdbDisconnected>();

        StringAssert.Contains(lost.Reason, "larger than the limit of 300 bytes");
        Assert.IsFalse(client.Events.OfType<OvsdbSnapshot>().Any());
    }

    [TestMethod]
    public async Task SilentServer_ProbeTimesOutAndReconnects()
    {
        // A listener that accepts and never answers: a hung ovsdb-server or a black-holed path.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = new ConcurrentBag<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await listener.AcceptSocketAsync());
            }
        });
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        await using var client = Run($"tcp:127.0.0.1:{port}", probe: TimeSpan.FromMilliseconds(300));

        var lost = await client.NextAsync<OvsdbDisconnected>();

        StringAssert.Contains(lost.Reason, "no answer from the server");
        await client.NextAsync<OvsdbConnected>();
        foreach (var socket in accepted)
        {
            socket.Dispose();
        }
    }

    [TestMethod]
    public async Task NothingListening_RetriesWithCappedBackoff()
    {
        await using var client = Run("tcp:127.0.0.1:1", probe: TimeSpan.Zero);

        var delays = new List<TimeSpan>();
        for (int i = 0; i < 6; i++)
        {
            delays.Add((await client.NextAsync<OvsdbDisconnected>()).RetryIn);
        }

        Assert.IsTrue(delays.All(d => d <= TimeSpan.FromSeconds(1)), "capped at maxBackoff");
        Assert.IsGreaterThan(delays[0], delays[3], "grows");
    }

    private static MonitorRun Run(string remote, TimeSpan probe, long maxMessageBytes = OvsdbLimits.DefaultMaxMessageBytes)
    {
        Assert.IsTrue(OvsdbRemote.TryParse(remote, out var parsed, out var error), error);
        var options = new OvsdbClientOptions
        {
            Remotes = [parsed],
            ProbeInterval = probe,
            MaxBackoff = TimeSpan.FromSeconds(1),
            MaxMessageBytes = maxMessageBytes,
        };
        return new MonitorRun(options);
    }

    /// <summary>An OvsdbClient running in the background with every event it publishes queued.</summary>
    private sealed class MonitorRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly BlockingCollection<OvsdbEvent> _queue = [];
        private readonly List<OvsdbEvent> _seen = [];
        private readonly Task _run;

        public MonitorRun(OvsdbClientOptions options)
        {
            var client = new OvsdbClient(options, SouthboundSchema.Request, e => _queue.Add(e), TimeProvider.System, NullLogger.Instance);
            _run = client.RunAsync(_stop.Token);
        }

        public IReadOnlyList<OvsdbEvent> Events
        {
            get
            {
                while (_queue.TryTake(out var e))
                {
                    _seen.Add(e);
                }

                return _seen;
            }
        }

        public async Task<T> NextAsync<T>(double seconds = 10)
            where T : OvsdbEvent
        {
            var deadline = DateTime.UtcNow.AddSeconds(seconds);
            while (DateTime.UtcNow < deadline)
            {
                if (_queue.TryTake(out var e, TimeSpan.FromMilliseconds(50)))
                {
                    _seen.Add(e);
                    if (e is T match)
                    {
                        return match;
                    }
                }

                await Task.Yield();
            }

            throw new TimeoutException($"no {typeof(T).Name} within {seconds} s; saw {string.Join(", ", _seen.Select(s => s.GetType().Name))}");
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
            _queue.Dispose();
        }
    }
}
