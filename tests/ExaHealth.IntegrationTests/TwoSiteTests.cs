using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// Two OVN sites announce one anycast VIP to one FRR router (issue 14): failover when a site's
/// backends die, MED steering when it is degraded, the disable file's drain (graceful with
/// routes.gracefulShutdown, RFC 8326), and both paths back. Asserted on FRR's own RIB, IPv4 and IPv6.
/// </summary>
[TestClass]
public sealed class TwoSiteTests
{
    [TestMethod]
    [DataRow(TwoSiteLab.Vip)]
    [DataRow(TwoSiteLab.Vip6)]
    public async Task SiteFailsDegradesAndDrains_TheRouterFollows(string vip)
    {

        using var lab = TwoSiteLab.Start();
        await lab.WaitRouterAsync(vip, paths => paths.Count == 2 && paths.All(p => p.Best || p.Multipath), "both sites, two equal paths");

        lab.A.SetBackends("offline", "offline");
        await lab.WaitRouterAsync(vip, paths => paths is [{ Best: true } only] && lab.B.Owns(only), "site A withdrawn: only site B");

        lab.A.SetBackends("online", "offline");
        await lab.WaitRouterAsync(vip, paths => paths.Count == 2 && Via(paths, lab.A).Med == 300 && Via(paths, lab.B).Best,
            "site A degraded: announced with MED 300, the router prefers site B");

        lab.A.SetBackends("online", "online");
        await lab.WaitRouterAsync(vip, paths => paths.Count == 2 && paths.All(p => p.Med == 100 && (p.Best || p.Multipath)), "site A whole again: two paths");

        File.WriteAllText(lab.A.DisableFile, "");
        await lab.WaitRouterAsync(vip, paths => paths is [{ Best: true } only] && lab.B.Owns(only), "site A drained by its disable file");

        File.Delete(lab.A.DisableFile);
        await lab.WaitRouterAsync(vip, paths => paths.Count == 2, "site A back: two paths");
    }

    [TestMethod]
    public async Task GracefulDrain_TheRouterMovesToSiteBBeforeSiteAWithdraws()
    {
        const double seconds = 3;
        using var lab = TwoSiteLab.Start(gracefulSeconds: seconds);
        await lab.WaitRouterAsync(TwoSiteLab.Vip, paths => paths.Count == 2, "both sites");

        var start = DateTime.UtcNow;
        File.WriteAllText(lab.A.DisableFile, "");
        await lab.WaitRouterAsync(TwoSiteLab.Vip, paths => paths.Count == 2 && Via(paths, lab.B).Best && !Via(paths, lab.A).Multipath
            && Via(paths, lab.A).LocalPreference == 0 && Via(paths, lab.A).Communities.Contains("graceful-shutdown", StringComparison.Ordinal),
            "site A re-announced with GRACEFUL_SHUTDOWN: local-preference 0 at the router, site B best, site A's path still there");
        var moved = DateTime.UtcNow;

        await lab.WaitRouterAsync(TwoSiteLab.Vip, paths => paths is [{ Best: true } only] && lab.B.Owns(only), "site A withdrawn after the drain");
        var withdrawn = DateTime.UtcNow;
        Assert.IsTrue(withdrawn - moved >= TimeSpan.FromSeconds(seconds - 0.5),
            $"the router had site B as best {(withdrawn - moved).TotalSeconds:0.00} s before site A withdrew (drain {seconds} s; {(moved - start).TotalMilliseconds:0} ms to move)");
        StringAssert.Contains(File.ReadAllText(lab.A.ExaBgp.PluginLogPath), "graceful shutdown: 2 routes announced with the GRACEFUL_SHUTDOWN community");

        // A drain cancelled by removing the file, then a second drain during which the backends die:
        // a health withdraw is never held for the rest of the drain.
        File.Delete(lab.A.DisableFile);
        await lab.WaitRouterAsync(TwoSiteLab.Vip, paths => paths.Count == 2 && paths.All(p => p.LocalPreference != 0), "drain cancelled: normal attributes, two paths");
        File.WriteAllText(lab.A.DisableFile, "");
        await lab.WaitRouterAsync(TwoSiteLab.Vip, paths => paths.Count == 2 && Via(paths, lab.A).LocalPreference == 0, "draining again");
        var dying = DateTime.UtcNow;
        lab.A.SetBackends("offline", "offline");
        await lab.WaitRouterAsync(TwoSiteLab.Vip, paths => paths.Count == 1, "backends dead during the drain: withdrawn at once");
        Assert.IsTrue(DateTime.UtcNow - dying < TimeSpan.FromSeconds(seconds - 0.5), "not held for the rest of the drain");
    }

    private static FrrPath Via(IReadOnlyList<FrrPath> paths, TwoSiteLabSite site) =>
        paths.FirstOrDefault(site.Owns) ?? new FrrPath(site.SpeakerAddress, false, false, null, null, "(no path)");
}
