using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExaHealth.Lab;

/// <summary>
/// One complete lab on loopback: OVN central, GoBGP, and ExaBGP running ExaHealth. Each lab gets
/// its own directory and its own 127.S.T.0/24 addresses, so labs never collide with each other or
/// with other BGP speakers on the machine.
/// </summary>
public sealed class LabEnvironment : IDisposable
{
    private static int _counter;

    private readonly LabOptions _options;
    private ExaBgpSpeaker? _exabgp;

    private GoBgpRouter _router;

    private LabEnvironment(string dir, string net, LabOptions options, OvnCentral ovn, GoBgpRouter router, GoBgpRouter? router2)
    {
        Directory = dir;
        Net = net;
        _options = options;
        Ovn = ovn;
        _router = router;
        Router2 = router2;
        ConfigPath = Path.Combine(dir, "exahealth.json");
    }

    public string Directory { get; }

    /// <summary>The first three octets of this lab's loopback addresses, e.g. 127.101.42.</summary>
    public string Net { get; }

    public string ExaBgpAddress => Net + ".2";

    public string RouterAddress => Net + ".3";

    /// <summary>The second router's address (only with <see cref="LabOptions.SecondRouter"/>).</summary>
    public string Router2Address => Net + ".4";

    public OvnCentral Ovn { get; }

    public GoBgpRouter Router => _router;

    /// <summary>The second router, with <see cref="LabOptions.SecondRouter"/>; null otherwise.</summary>
    public GoBgpRouter? Router2 { get; }

    public ExaBgpSpeaker ExaBgp => _exabgp ?? throw new InvalidOperationException("ExaBGP is not started");

    public bool HasExaBgp => _exabgp is not null;

    /// <summary>ExaBGP's folder (configuration, hold file, plugin.log), known before ExaBGP is first started.</summary>
    public string ExaBgpDirectory => Path.Combine(Directory, "bgp");

    public string ConfigPath { get; }

    /// <summary>Where the lab runs: $EXAHEALTH_LAB_ROOT or /tmp/exahealth-tests.</summary>
    public static string Root => Environment.GetEnvironmentVariable("EXAHEALTH_LAB_ROOT") is { Length: > 0 } root ? root : "/tmp/exahealth-tests";

    public static LabEnvironment Start(LabOptions? options = null)
    {
        options ??= new LabOptions();
        int index = Interlocked.Increment(ref _counter);
        int pid = Environment.ProcessId;
        string net = string.Create(CultureInfo.InvariantCulture, $"127.{100 + (index % 100)}.{pid % 250}");
        string dir = Path.Combine(Root, string.Create(CultureInfo.InvariantCulture, $"lab-{pid}-{index}"));
        if (System.IO.Directory.Exists(dir))
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }

        System.IO.Directory.CreateDirectory(dir);
        OvnCentral? ovn = null;
        GoBgpRouter? router = null;
        GoBgpRouter? router2 = null;
        try
        {
            ovn = OvnCentral.Start(Path.Combine(dir, "ovn"), net + ".1", 16642, options.Ovn);
            options.Setup?.Invoke(ovn);
            router = StartRouter(dir, net);
            router2 = options.SecondRouter ? GoBgpRouter.Start(Path.Combine(dir, "bgp2"), net + ".4", 1790, 65001, net + ".2", 65000) : null;
            var lab = new LabEnvironment(dir, net, options, ovn, router, router2);
            lab.WriteConfig(options.Config);
            if (options.StartExaBgp)
            {
                lab.StartExaBgp();
            }

            return lab;
        }
        catch
        {
            router2?.Dispose();
            router?.Dispose();
            ovn?.Dispose();
            throw;
        }
    }

    /// <summary>The plugin configuration: lab defaults with <paramref name="overrides"/> merged in.</summary>
    public void WriteConfig(JsonObject? overrides)
    {
        var config = new JsonObject
        {
            ["ovsdb"] = new JsonObject
            {
                ["southbound"] = _options.Tcp ? Ovn.SbTcpRemote : Ovn.SbUnixRemote,
                ["maxBackoffSeconds"] = 1,
            },
            ["routes"] = new JsonObject
            {
                ["allowedPrefixes"] = new JsonArray("10.0.0.0/24", "fd00::/64"),
                ["nextHop"] = "192.0.2.10",
                ["nextHopV6"] = "2001:db8::1",
            },
            ["exabgp"] = new JsonObject { ["ack"] = _options.Ack },
            ["state"] = new JsonObject
            {
                ["directory"] = Path.Combine(Directory, "state"),
                ["statusFile"] = Path.Combine(Directory, "state", "status.json"),
                ["metricsFile"] = Path.Combine(Directory, "state", "exahealth.prom"),
            },
            ["maintenance"] = new JsonObject { ["disableFile"] = Path.Combine(Directory, "disable") },
            ["logging"] = new JsonObject { ["level"] = "Debug" },
        };
        Merge(config, overrides);
        File.WriteAllText(ConfigPath, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Stops GoBGP and starts a fresh one (empty RIB): the BGP session drops and comes back.</summary>
    public void RestartRouter()
    {
        _router.Dispose();
        _router = StartRouter(Directory, Net);
    }

    /// <param name="pluginCommand">What ExaBGP runs as its API process (default: the plugin on this lab's configuration).</param>
    public void StartExaBgp(string? pluginCommand = null)
    {
        _exabgp?.Dispose();
        _exabgp = ExaBgpSpeaker.Start(new ExaBgpOptions
        {
            Directory = ExaBgpDirectory,
            PluginCommand = pluginCommand ?? $"{PluginBinary.Path} run --config {ConfigPath}",
            LocalAddress = ExaBgpAddress,
            PeerAddress = RouterAddress,
            MorePeers = Router2 is null ? [] : [Router2Address],
            Ack = _options.Ack,
            Encoder = _options.Encoder,
        });
    }

    /// <summary>Waits until <paramref name="prefix"/> is (or is not) in GoBGP's RIB; returns how long it took.</summary>
    public Task<TimeSpan> WaitRouteAsync(string prefix, bool present, double seconds = 10) => WaitRouteAsync(Router, prefix, present, seconds);

    /// <summary>Waits until <paramref name="prefix"/> is (or is not) in <paramref name="router"/>'s RIB; returns how long it took.</summary>
    public Task<TimeSpan> WaitRouteAsync(GoBgpRouter router, string prefix, bool present, double seconds = 10) =>
        Wait.UntilAsync(() => router.Has(prefix) == present, TimeSpan.FromSeconds(seconds),
            () => $"{prefix} {(present ? "in" : "out of")} the RIB of GoBGP {router.ApiTarget} (plugin log: {Tail(ExaBgp.PluginLogPath)})", pollMilliseconds: 20);

    public void Dispose()
    {
        _exabgp?.Dispose();
        Router2?.Dispose();
        Router.Dispose();
        Ovn.Dispose();
        if (_exabgp?.PluginPid is { } plugin && Daemon.IsAlive(plugin))
        {
            try
            {
                Tool.Run("kill", ["-9", plugin.ToString(CultureInfo.InvariantCulture)]);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private static GoBgpRouter StartRouter(string dir, string net) =>
        GoBgpRouter.Start(Path.Combine(dir, "bgp"), net + ".3", 1790, 65001, net + ".2", 65000);

    private static string Tail(string path)
    {
        if (!File.Exists(path))
        {
            return "(none)";
        }

        var lines = File.ReadAllLines(path);
        return string.Join(" | ", lines.TakeLast(8));
    }

    private static void Merge(JsonObject target, JsonObject? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (key, value) in source)
        {
            if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
