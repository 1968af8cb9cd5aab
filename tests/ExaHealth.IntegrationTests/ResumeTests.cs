using System.Collections.Concurrent;
using System.Net;
using ExaHealth.Health;
using ExaHealth.Lab;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// monitor_cond_since against a real 3-member Raft Southbound: after changes made while the client
/// was away, the resumed session must hold exactly what a fresh snapshot gives.
/// </summary>
[TestClass]
public sealed class ResumeTests
{
    [TestMethod]
    public async Task ReconnectAfterMissedChanges_ResumesAndEqualsAFreshSnapshot()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Ovn = new OvnOptions { SouthboundMembers = 3 },
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]);
                AddBulk(ovn);
            },
            StartExaBgp = false,
        });
        // The server must stay up to keep its transaction history (it lives in memory): the
        // client's path to it is cut instead, as a partition would.
        using var path = new TcpProxy(IPAddress.Parse(lab.Net + ".9"), 16650, new IPEndPoint(IPAddress.Parse(lab.Ovn.Address), lab.Ovn.SbTcpPort));
        await using var resumed = new Follower(path.Remote);
        await resumed.WaitAsync(s => s.Snapshots == 1, "the first snapshot");
        lab.Ovn.SetStatus("10.10.10.226", "online");
        await resumed.WaitAsync(s => s.Updates >= 1, "an update carrying a transaction id");

        path.Cut();
        await resumed.WaitAsync(s => s.Disconnects >= 1, "the disconnect");
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "error");
        lab.Ovn.AddLoadBalancer("lb2", "10.0.0.20:80", ["10.10.10.240:80"]);
        path.Restore();

        await resumed.WaitAsync(s => s.Snapshots == 2, "the reconnect");
        Assert.IsTrue(resumed.LastSnapshotResumed, "monitor_cond_since found the last transaction");
        await Task.Delay(500);

        await using var fresh = new Follower(lab.Ovn.MemberTcpRemote(1));
        await fresh.WaitAsync(s => s.Snapshots == 1, "a fresh snapshot");
        Assert.AreEqual(fresh.Describe(), resumed.Describe());
        StringAssert.Contains(resumed.Describe(), "10.0.0.20", "the missed insert is there");
    }

    /// <summary>History is kept only while it is small next to the database: give the database some bulk.</summary>
    private static void AddBulk(OvnCentral ovn)
    {
        var arguments = new List<string>();
        for (int set = 0; set < 200; set++)
        {
            if (set > 0)
            {
                arguments.Add("--");
            }

            var addresses = string.Join(',', Enumerable.Range(1, 50).Select(a => $"\"10.{set / 100}.{set % 100}.{a}\""));
            arguments.AddRange(["create", "Address_Set", $"name=bulk{set}", $"addresses=[{addresses}]"]);
        }

        ovn.Nb([.. arguments]);
    }

    /// <summary>An OvsdbClient on one remote, applying what it receives to a replica the way the pipeline does.</summary>
    private sealed class Follower : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<OvsdbEvent> _events = new();
        private readonly SouthboundReplica _replica = new(LoadBalancerFilter.All, NullLogger.Instance);
        private readonly Task _run;

        public Follower(string remote)
        {
            Assert.IsTrue(OvsdbRemote.TryParse(remote, out var parsed, out _));
            var options = new OvsdbClientOptions { Remotes = [parsed], ProbeInterval = TimeSpan.FromSeconds(1), MaxBackoff = TimeSpan.FromMilliseconds(300) };
            _run = new OvsdbClient(options, SouthboundSchema.Request, _events.Enqueue, TimeProvider.System, new StderrLogger()).RunAsync(_stop.Token);
        }

        public int Snapshots { get; private set; }

        public int Updates { get; private set; }

        public int Disconnects { get; private set; }

        public bool LastSnapshotResumed { get; private set; }

        public async Task WaitAsync(Func<Follower, bool> condition, string what)
        {
            await Wait.UntilAsync(() =>
            {
                Drain();
                return condition(this);
            }, TimeSpan.FromSeconds(20), what);
        }

        /// <summary>Everything the replica says, in a stable order, for comparison.</summary>
        public string Describe()
        {
            Drain();
            var vips = _replica.VipAddresses.OrderBy(a => a.ToString()).Select(a =>
            {
                var online = HealthEvaluator.Evaluate(_replica.FindVip(a)!, _replica, EmptyStatus.Online);
                var offline = HealthEvaluator.Evaluate(_replica.FindVip(a)!, _replica, EmptyStatus.Offline);
                return $"{a}: {online.Online}/{online.Total} online ({offline.Online} counting unset offline), {online.Monitored} monitored";
            });
            return $"{_replica.LoadBalancerCount} load balancers, {_replica.ServiceMonitorCount} monitors; " + string.Join("; ", vips);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run;
            _stop.Dispose();
        }

        private void Drain()
        {
            while (_events.TryDequeue(out var e))
            {
                switch (e)
                {
                    case OvsdbSnapshot snapshot:
                        Snapshots++;
                        LastSnapshotResumed = snapshot.Resumed;
                        _replica.Apply(snapshot.Updates, snapshot: !snapshot.Resumed, new HashSet<IPAddress>());
                        break;
                    case OvsdbUpdate update:
                        Updates++;
                        _replica.Apply(update.Updates, snapshot: false, new HashSet<IPAddress>());
                        break;
                    case OvsdbDisconnected:
                        Disconnects++;
                        break;
                }
            }
        }
    }

    private sealed class StderrLogger : Microsoft.Extensions.Logging.ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {formatter(state, exception)}");
    }
}
