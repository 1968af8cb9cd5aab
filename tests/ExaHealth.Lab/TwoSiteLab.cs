using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExaHealth.Lab;

/// <summary>
/// The picture ExaHealth exists for, on loopback: two independent OVN deployments (site A and site B,
/// each its own NB, SB and ovn-northd) with the same anycast VIP, each with its own ExaBGP running its
/// own ExaHealth, both peering with one FRR bgpd. Load balancers are named as Incus names them and
/// carry Incus's health-check options; the lab plays ovn-controller through each site's
/// <see cref="OvnCentral.SetStatus"/>.
/// </summary>
public sealed class TwoSiteLab : IDisposable
{
    public const string Vip = "10.0.0.10/32";
    public const string Vip6 = "fd00::10/128";

    private static int _counter;

    private readonly string _namespace;

    private TwoSiteLab(string dir, string networkNamespace, FrrRouter router, TwoSiteLabSite a, TwoSiteLabSite b)
    {
        _namespace = networkNamespace;
        Directory = dir;
        Router = router;
        A = a;
        B = b;
    }

    public string Directory { get; }

    public FrrRouter Router { get; }

    public TwoSiteLabSite A { get; }

    public TwoSiteLabSite B { get; }

    /// <param name="gracefulSeconds">routes.gracefulShutdown.seconds at both sites; null: off.</param>
    public static TwoSiteLab Start(double? gracefulSeconds = null)
    {
        int index = Interlocked.Increment(ref _counter);
        int pid = Environment.ProcessId;
        string net = string.Create(CultureInfo.InvariantCulture, $"127.{200 + (index % 50)}.{pid % 250}");
        string dir = Path.Combine(LabEnvironment.Root, string.Create(CultureInfo.InvariantCulture, $"sites-{pid}-{index}"));
        if (System.IO.Directory.Exists(dir))
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }

        System.IO.Directory.CreateDirectory(dir);
        // The BGP speakers run in a network namespace of the lab's own: there they can have IPv6
        // addresses for the IPv6 sessions FRR needs (loopback 127/8 is there too). OVN stays on the
        // host; the plugins reach it through its unix sockets.
        string ns = string.Create(CultureInfo.InvariantCulture, $"exahealth-{pid}-{index}");
        string v6 = string.Create(CultureInfo.InvariantCulture, $"fd99:{index % 10000:x}::");
        Namespace(ns, v6);
        FrrRouter? router = null;
        TwoSiteLabSite? a = null;
        TwoSiteLabSite? b = null;
        try
        {
            router = FrrRouter.Start(Path.Combine(dir, "frr"), net + ".3", 1790, 65001, [(net + ".2", 65000), (net + ".5", 65000)],
                v6 + "3", [(v6 + "2", 65000), (v6 + "5", 65000)], ns);
            a = StartSite("a", Path.Combine(dir, "site-a"), net + ".1", 16642, (net + ".2", v6 + "2"), (net + ".3", v6 + "3"), ns, "10.10.10", "fd10", "192.0.2.10", "2001:db8::a", gracefulSeconds);
            b = StartSite("b", Path.Combine(dir, "site-b"), net + ".11", 16652, (net + ".5", v6 + "5"), (net + ".3", v6 + "3"), ns, "10.11.10", "fd11", "192.0.2.20", "2001:db8::b", gracefulSeconds);
            return new TwoSiteLab(dir, ns, router, a, b);
        }
        catch
        {
            b?.Dispose();
            a?.Dispose();
            router?.Dispose();
            RemoveNamespace(ns);
            throw;
        }
    }

    private static void Namespace(string ns, string v6)
    {
        RemoveNamespace(ns);
        Tool.Run("ip", ["netns", "add", ns]);
        Tool.Run("ip", ["-n", ns, "link", "set", "lo", "up"]);
        foreach (var host in new[] { "2", "3", "5" })
        {
            // nodad: usable at once, not after duplicate address detection.
            Tool.Run("ip", ["-n", ns, "addr", "add", v6 + host + "/128", "dev", "lo", "nodad"]);
        }
    }

    private static void RemoveNamespace(string ns)
    {
        try
        {
            Tool.Run("ip", ["netns", "del", ns]);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Waits until FRR's view of <paramref name="prefix"/> satisfies <paramref name="condition"/>; returns how long it took.</summary>
    public Task<TimeSpan> WaitRouterAsync(string prefix, Func<IReadOnlyList<FrrPath>, bool> condition, string what, double seconds = 15) =>
        Wait.UntilAsync(() => condition(Router.Paths(prefix)), TimeSpan.FromSeconds(seconds),
            () => $"{what}: FRR has {Router.Describe(prefix)}", pollMilliseconds: 20);

    public void Dispose()
    {
        B.Dispose();
        A.Dispose();
        Router.Dispose();
        RemoveNamespace(_namespace);
    }

    private static TwoSiteLabSite StartSite(string name, string dir, string ovnAddress, int sbPort, (string V4, string V6) speaker, (string V4, string V6) router,
        string ns, string backendNet, string backendNet6, string nextHop, string nextHop6, double? gracefulSeconds)
    {
        OvnCentral? ovn = null;
        try
        {
            ovn = OvnCentral.Start(Path.Combine(dir, "ovn"), ovnAddress, sbPort);
            // As Incus names and configures them: incus-net<ID>-lb-<address>-<protocol>.
            ovn.AddLoadBalancer("incus-net1-lb-10.0.0.10-tcp", "10.0.0.10:80", [$"{backendNet}.226:80", $"{backendNet}.227:80"]);
            ovn.AddLoadBalancer("incus-net1-lb-fd00::10-tcp", "[fd00::10]:80", [$"[{backendNet6}::226]:80", $"[{backendNet6}::227]:80"]);
            string config = Path.Combine(dir, "exahealth.json");
            var settings = new JsonObject
            {
                ["ovsdb"] = new JsonObject { ["southbound"] = ovn.SbUnixRemote, ["maxBackoffSeconds"] = 1 },
                ["routes"] = new JsonObject
                {
                    ["allowedPrefixes"] = new JsonArray("10.0.0.0/24", "fd00::/64"),
                    ["loadBalancers"] = new JsonArray("incus-net*-lb-*"),
                    ["nextHop"] = nextHop,
                    ["nextHopV6"] = nextHop6,
                    ["med"] = 100,
                },
                ["policy"] = new JsonObject { ["degraded"] = new JsonObject { ["belowOnline"] = 2, ["med"] = 300 } },
                ["state"] = new JsonObject
                {
                    ["directory"] = Path.Combine(dir, "state"),
                    ["statusFile"] = Path.Combine(dir, "state", "status.json"),
                },
                ["maintenance"] = new JsonObject { ["disableFile"] = Path.Combine(dir, "disable") },
                ["logging"] = new JsonObject { ["level"] = "Debug" },
            };
            if (gracefulSeconds is { } seconds)
            {
                settings["routes"]!["gracefulShutdown"] = new JsonObject { ["seconds"] = seconds };
            }

            File.WriteAllText(config, settings.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            var exabgp = ExaBgpSpeaker.Start(new ExaBgpOptions
            {
                Directory = Path.Combine(dir, "bgp"),
                PluginCommand = $"{PluginBinary.Path} run --config {config}",
                LocalAddress = speaker.V4,
                PeerAddress = router.V4,
                IPv6Session = (speaker.V6, router.V6),
                NetworkNamespace = ns,
            });
            return new TwoSiteLabSite(name, dir, ovn, exabgp, config, speaker.V4, speaker.V6, backendNet, backendNet6);
        }
        catch
        {
            ovn?.Dispose();
            throw;
        }
    }
}
