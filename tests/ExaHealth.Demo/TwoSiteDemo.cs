using System.Diagnostics;
using ExaHealth.Lab;

/// <summary>
/// tests/demo.sh --two-sites: two OVN sites announce the anycast VIP 10.0.0.10/32 to one FRR router;
/// site A fails, recovers, degrades, and is drained gracefully. Each step prints FRR's own view of the
/// VIP reduced to one line, and the time from the change at site A to the router's change.
/// </summary>
internal static class TwoSiteDemo
{
    private const double GracefulSeconds = 5;

    public static async Task RunAsync(Action<bool, string> check, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        Console.WriteLine("Starting two OVN sites on loopback (each its own NB, SB, ovn-northd, ExaBGP and ExaHealth) and FRR's bgpd as the router (BGP in a network namespace of the lab's own)...");
        using var lab = TwoSiteLab.Start(gracefulSeconds: GracefulSeconds);
        Console.WriteLine($"Lab up in {clock.Elapsed.TotalSeconds:0.0} s (files in {lab.Directory}).");
        Console.WriteLine($"  site A: load balancer incus-net1-lb-10.0.0.10-tcp, backends {lab.A.BackendNet}.226 and .227, ExaBGP {lab.A.SpeakerAddress}");
        Console.WriteLine($"  site B: load balancer incus-net1-lb-10.0.0.10-tcp, backends {lab.B.BackendNet}.226 and .227, ExaBGP {lab.B.SpeakerAddress}");
        Console.WriteLine($"  both: MED 100, degraded (fewer than 2 online) MED 300, graceful shutdown {GracefulSeconds} s; FRR sets local-preference 0 on GRACEFUL_SHUTDOWN\n");

        await Step("1. Both sites healthy: the router has two paths (multipath)", () => { },
            p => p.Count == 2 && p.All(x => x.Best || x.Multipath));
        await Step("2. Site A loses every backend: the router's only path is site B", () => lab.A.SetBackends("offline", "offline"),
            p => p is [{ Best: true } only] && lab.B.Owns(only));
        await Step("3. Site A recovers: two paths again", () => lab.A.SetBackends("online", "online"),
            p => p.Count == 2);
        await Step("4. Site A degraded (1 of 2 online): still announced, MED 300; the router prefers site B", () => lab.A.SetBackends("online", "offline"),
            p => p.Count == 2 && p.Any(x => lab.A.Owns(x) && x.Med == 300) && p.Any(x => lab.B.Owns(x) && x.Best));
        await Step("5. Site A whole again: two paths", () => lab.A.SetBackends("online", "online"),
            p => p.Count == 2 && p.All(x => x.Med == 100));
        await Step("6. Site A drained (touch its disable file): re-announced with GRACEFUL_SHUTDOWN, the router moves to site B", () => File.WriteAllText(lab.A.DisableFile, ""),
            p => p.Count == 2 && p.Any(x => lab.A.Owns(x) && x.LocalPreference == 0) && p.Any(x => lab.B.Owns(x) && x.Best));
        await Step($"   ... and {GracefulSeconds} s later site A withdraws: nothing was still using it", () => { },
            p => p is [{ Best: true } only] && lab.B.Owns(only), seconds: GracefulSeconds + 5);
        await Step("7. Site A's disable file removed: two paths again", () => File.Delete(lab.A.DisableFile),
            p => p.Count == 2 && p.All(x => x.LocalPreference != 0));

        async Task Step(string title, Action change, Func<IReadOnlyList<FrrPath>, bool> expected, double seconds = 15)
        {
            if (cancel.IsCancellationRequested)
            {
                return;
            }

            Console.WriteLine($"== {title}");
            change();
            try
            {
                var took = await lab.WaitRouterAsync(TwoSiteLab.Vip, expected, title, seconds);
                check(true, $"{took.TotalMilliseconds:0} ms from the change at site A to the router's change");
            }
            catch (TimeoutException ex)
            {
                check(false, ex.Message);
            }

            Console.WriteLine($"     FRR (show bgp ipv4 unicast 10.0.0.10/32 json): {lab.Router.Describe(TwoSiteLab.Vip)}");
        }
    }
}
