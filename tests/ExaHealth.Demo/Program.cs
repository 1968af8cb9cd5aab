using System.Diagnostics;
using ExaHealth.Lab;

// Demo: a VIP with two health-checked backends is announced to the router; both backends fail
// and it is withdrawn; one recovers and it is announced again. Each step shows the Southbound's
// Service_Monitor rows, ExaHealth's log line and the router's RIB. Exit code 0 only if every step
// reached the router as expected.
string? binary = null;
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "--binary" && i + 1 < args.Length)
    {
        binary = args[++i];
    }
}

if (binary is not null)
{
    Environment.SetEnvironmentVariable("EXAHEALTH_BINARY", Path.GetFullPath(binary));
}

if (Tool.MissingPrerequisites() is { } missing)
{
    Console.Error.WriteLine($"demo: {missing}");
    return 1;
}

var clock = Stopwatch.StartNew();
Console.WriteLine($"ExaHealth demo: plugin {PluginBinary.Path}");
Console.WriteLine("starting OVN (NB, SB, northd), GoBGP and ExaBGP with ExaHealth on loopback...");
using var lab = LabEnvironment.Start(new LabOptions
{
    Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
    Config = new System.Text.Json.Nodes.JsonObject { ["logging"] = new System.Text.Json.Nodes.JsonObject { ["level"] = "Information" } },
});
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Console.WriteLine("interrupted; cleaning up");
    cancel.Cancel();
};

int failures = 0;
Console.WriteLine($"lab up in {clock.Elapsed.TotalSeconds:0.0} s ({lab.Directory})\n");

await Step("1. both backends healthy", () =>
{
    lab.Ovn.SetStatus("10.10.10.226", "online");
    lab.Ovn.SetStatus("10.10.10.227", "online");
}, present: true);
await Step("2. both backends fail", () =>
{
    lab.Ovn.SetStatus("10.10.10.226", "offline");
    lab.Ovn.SetStatus("10.10.10.227", "offline");
}, present: false);
await Step("3. one backend recovers", () => lab.Ovn.SetStatus("10.10.10.227", "online"), present: true);

Console.WriteLine(failures == 0 ? $"demo passed in {clock.Elapsed.TotalSeconds:0.0} s" : $"demo FAILED: {failures} step(s)");
return failures == 0 ? 0 : 1;

async Task Step(string title, Action change, bool present)
{
    if (cancel.IsCancellationRequested)
    {
        failures++;
        return;
    }

    Console.WriteLine($"== {title}");
    int logLines = lab.ExaBgp.PluginLog().Split('\n').Length;
    var timer = Stopwatch.StartNew();
    change();
    try
    {
        await lab.WaitRouteAsync("10.0.0.10/32", present);
        Console.WriteLine($"   10.0.0.10/32 {(present ? "is in" : "left")} the router's RIB {timer.Elapsed.TotalMilliseconds:0} ms after the Southbound change (ovn-sbctl included)");
    }
    catch (TimeoutException ex)
    {
        failures++;
        Console.WriteLine($"   FAILED: {ex.Message}");
    }

    Console.WriteLine("   Service_Monitor:");
    foreach (var line in lab.Ovn.Sb("--format=table", "--columns=ip,port,protocol,status", "list", "Service_Monitor").TrimEnd().Split('\n'))
    {
        Console.WriteLine("     " + line);
    }

    Console.WriteLine("   ExaHealth log:");
    foreach (var line in lab.ExaBgp.PluginLog().Split('\n').Skip(logLines - 1).Where(l => l.Contains("vip ", StringComparison.Ordinal)))
    {
        Console.WriteLine("     " + line);
    }

    Console.WriteLine("   router RIB (gobgp global rib):");
    foreach (var line in lab.Router.Gobgp("global", "rib", "-a", "ipv4").TrimEnd().Split('\n'))
    {
        Console.WriteLine("     " + line);
    }

    Console.WriteLine();
}
