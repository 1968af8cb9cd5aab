using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using ExaHealth.Lab;

// The demo: a VIP with two health-checked backends is announced to the router; both backends
// fail and it is withdrawn; one recovers and it is announced again. Each step shows the
// Southbound's Service_Monitor rows, ExaHealth's log lines and the router's RIB, with timings;
// at the end `exahealth status` says why each VIP is (not) announced. Everything runs on
// loopback and is cleaned up, also on Ctrl-C. The last line, "demo: N passed, M failed", counts
// the checks (the RIB at each step, the status verb) for CI.
// With --two-sites: two OVN sites and FRR instead (see TwoSiteDemo).
string? binary = null;
bool twoSites = false;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--binary" && i + 1 < args.Length)
    {
        binary = args[++i];
    }
    else if (args[i] == "--two-sites")
    {
        twoSites = true;
    }
}

if (binary is not null)
{
    Environment.SetEnvironmentVariable("EXAHEALTH_BINARY", Path.GetFullPath(binary));
}

if (Tool.MissingPrerequisites() is { } missing)
{
    Console.Error.WriteLine($"demo: {missing}");
    Console.WriteLine("demo: 0 passed, 1 failed");
    return 1;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancel.Cancel();
});

int passed = 0, failed = 0;
var clock = Stopwatch.StartNew();
Console.WriteLine($"ExaHealth demo, plugin {PluginBinary.Path}");
if (twoSites)
{
    if (!Tool.Exists("/usr/lib/frr/bgpd") || !Tool.Exists("vtysh"))
    {
        Console.Error.WriteLine("demo: FRR is missing: apt-get install frr");
        Console.WriteLine("demo: 0 passed, 1 failed");
        return 1;
    }

    await TwoSiteDemo.RunAsync(Check, cancel.Token);
    Console.WriteLine(cancel.IsCancellationRequested ? "Interrupted; the lab has been stopped and cleaned up." : $"Done in {clock.Elapsed.TotalSeconds:0.0} s; the lab has been stopped.");
    failed += cancel.IsCancellationRequested ? 1 : 0;
    Console.WriteLine($"demo: {passed} passed, {failed} failed");
    return failed == 0 ? 0 : 1;
}

Console.WriteLine("Starting on loopback: OVN (NB and SB ovsdb-server, ovn-northd), GoBGP as the router, ExaBGP running ExaHealth...");
using (var lab = LabEnvironment.Start(new LabOptions
{
    Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
    Config = new JsonObject { ["logging"] = new JsonObject { ["level"] = "Information" } },
}))
{
    Console.WriteLine($"Lab up in {clock.Elapsed.TotalSeconds:0.0} s: load balancer lb1, VIP 10.0.0.10:80, backends 10.10.10.226 and .227 (files in {lab.Directory})\n");
    int shown = 0;

    await Step("1. Both backends healthy: the VIP is announced", () =>
    {
        lab.Ovn.SetStatus("10.10.10.226", "online");
        lab.Ovn.SetStatus("10.10.10.227", "online");
    }, present: true);
    await Step("2. Both backends fail: the VIP is withdrawn, clients go to the other site", () =>
    {
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");
    }, present: false);
    await Step("3. One backend recovers: the VIP is announced again", () => lab.Ovn.SetStatus("10.10.10.227", "online"), present: true);

    if (!cancel.IsCancellationRequested)
    {
        Console.WriteLine("== Why is each VIP (not) announced right now?  exahealth status");
        await Task.Delay(1200);
        var status = Tool.Run(PluginBinary.Path, ["status", "--config", lab.ConfigPath]);
        Console.WriteLine(Indent(status));
        Check(status.Contains("10.0.0.10/32  announced  1/2 online", StringComparison.Ordinal), "exahealth status shows 10.0.0.10/32 announced with 1/2 online");
    }

    async Task Step(string title, Action change, bool present)
    {
        if (cancel.IsCancellationRequested)
        {
            return;
        }

        Console.WriteLine($"== {title}");
        var timer = Stopwatch.StartNew();
        change();
        try
        {
            var took = await lab.WaitRouteAsync("10.0.0.10/32", present);
            Check(true, $"10.0.0.10/32 {(present ? "is in" : "left")} the router's RIB {took.TotalMilliseconds:0} ms after the change (ovn-sbctl included)");
        }
        catch (TimeoutException ex)
        {
            Check(false, ex.Message);
        }

        Console.WriteLine("   Southbound Service_Monitor rows (ovn-sbctl list Service_Monitor):");
        Console.WriteLine(Indent(lab.Ovn.Sb("--format=table", "--columns=ip,port,protocol,status", "list", "Service_Monitor")));
        var log = lab.ExaBgp.PluginLog().Split('\n').Where(l => l.Contains("exahealth[", StringComparison.Ordinal)).ToList();
        Console.WriteLine("   ExaHealth's log (stderr, via ExaBGP):");
        Console.WriteLine(Indent(string.Join('\n', log.Skip(shown).Where(l => l.Contains("vip ", StringComparison.Ordinal) || l.Contains("snapshot", StringComparison.Ordinal)))));
        shown = log.Count;
        Console.WriteLine("   The router's RIB (gobgp global rib):");
        Console.WriteLine(Indent(lab.Router.Gobgp("global", "rib", "-a", "ipv4")));
    }
}

Console.WriteLine(cancel.IsCancellationRequested ? "Interrupted; the lab has been stopped and cleaned up." : $"Done in {clock.Elapsed.TotalSeconds:0.0} s; the lab has been stopped.");
if (cancel.IsCancellationRequested)
{
    failed++;
}

Console.WriteLine($"demo: {passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;

void Check(bool ok, string what)
{
    if (ok)
    {
        passed++;
        Console.WriteLine($"   ok: {what}");
    }
    else
    {
        failed++;
        Console.WriteLine($"   FAILED: {what}");
    }
}

static string Indent(string text) => string.Join('\n', text.TrimEnd().Split('\n').Select(l => "     " + l));
