using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ExaHealth.Lab;

/// <summary>
/// FRR's bgpd alone (no zebra, nothing installed in the kernel) as the router both sites peer with,
/// on the lab's loopback address and port. It honours RFC 8326 the way operators configure it: a
/// route-map sets local-preference 0 on paths carrying GRACEFUL_SHUTDOWN. Multipath across the sites'
/// different AS paths is on, so with both sites announcing the VIP has two paths.
/// </summary>
public sealed class FrrRouter : IDisposable
{
    private readonly string _dir;
    private readonly Daemon _daemon;

    private FrrRouter(string dir, Daemon daemon)
    {
        _dir = dir;
        _daemon = daemon;
    }

    /// <param name="peers">IPv4 sessions; with <paramref name="peers6"/> they carry ipv4 unicast only.</param>
    /// <param name="address6">The IPv6 address FRR listens on for <paramref name="peers6"/>.</param>
    /// <param name="peers6">
    /// IPv6 sessions for ipv6 unicast. From FRR 9 on, bgpd without zebra refuses IPv6 unicast on a session
    /// without a local IPv6 address ("zebra does not support V6 routing with v4 nexthops"), so IPv6 goes
    /// over IPv6 sessions (in a network namespace of the lab's own, where it can have such addresses).
    /// </param>
    /// <param name="networkNamespace">Where bgpd runs (ip netns exec); null: the host's namespace.</param>
    public static FrrRouter Start(string dir, string address, int port, int asn, IReadOnlyList<(string Address, int Asn)> peers,
        string? address6 = null, IReadOnlyList<(string Address, int Asn)>? peers6 = null, string? networkNamespace = null)
    {
        Directory.CreateDirectory(dir);
        var config = new StringBuilder().Append(CultureInfo.InvariantCulture, $"""
            frr defaults datacenter
            hostname exahealth-lab
            log file {dir}/bgpd.log informational
            !
            bgp community-list standard GSHUT seq 5 permit graceful-shutdown
            route-map FROM-SITES permit 10
             match community GSHUT
             set local-preference 0
            route-map FROM-SITES permit 20
            !
            router bgp {asn}
             bgp router-id {address}
             no bgp ebgp-requires-policy
             no bgp network import-check
             bgp bestpath as-path multipath-relax

            """);
        if (peers6 is not null)
        {
            // Otherwise IPv4 unicast would be activated on the IPv6 sessions too.
            config.Append(" no bgp default ipv4-unicast\n");
        }

        foreach (var (peer, peerAsn) in peers.Concat(peers6 ?? []))
        {
            config.Append(CultureInfo.InvariantCulture, $" neighbor {peer} remote-as {peerAsn}\n neighbor {peer} passive\n neighbor {peer} timers connect 1\n");
        }

        foreach (var family in new[] { "ipv4", "ipv6" })
        {
            config.Append(CultureInfo.InvariantCulture, $" address-family {family} unicast\n  maximum-paths 4\n");
            foreach (var (peer, _) in family == "ipv6" && peers6 is not null ? peers6 : peers)
            {
                config.Append(CultureInfo.InvariantCulture, $"  neighbor {peer} activate\n  neighbor {peer} route-map FROM-SITES in\n");
            }

            config.Append(" exit-address-family\n");
        }

        string file = Path.Combine(dir, "bgpd.conf");
        File.WriteAllText(file, config.Append("!\n").ToString());
        var daemon = Daemon.Start("bgpd", "/usr/lib/frr/bgpd",
            ["-f", file, "-i", Path.Combine(dir, "bgpd.pid"), "--vty_socket", dir, "-Z", "-n", "-S", "-u", "root", "-g", "root",
             "-p", port.ToString(CultureInfo.InvariantCulture), "-l", address, .. (string[])(address6 is null ? [] : ["-l", address6]), "-P", "0"],
            Path.Combine(dir, "bgpd.out"), networkNamespace: networkNamespace);
        var router = new FrrRouter(dir, daemon);
        try
        {
            Wait.UntilAsync(router.VtyReady, TimeSpan.FromSeconds(20), "FRR bgpd's vty").GetAwaiter().GetResult();
            return router;
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }

    /// <summary>FRR's paths to <paramref name="prefix"/>, as <c>show bgp PREFIX json</c> gives them.</summary>
    public IReadOnlyList<FrrPath> Paths(string prefix)
    {
        string family = prefix.Contains(':', StringComparison.Ordinal) ? "ipv6" : "ipv4";
        var json = Vtysh($"show bgp {family} unicast {prefix} json");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        if (!document.RootElement.TryGetProperty("paths", out var paths))
        {
            return [];
        }

        return [.. paths.EnumerateArray().Select(FrrPath.From)];
    }

    /// <summary>One readable line: each path's peer, whether it is best or multipath, local-preference and communities.</summary>
    public string Describe(string prefix)
    {
        var paths = Paths(prefix);
        return paths.Count == 0 ? $"{prefix}: no path"
            : $"{prefix}: " + string.Join("; ", paths.Select(p => p.ToString()));
    }

    public string Vtysh(string command) => Tool.Run("vtysh", ["--vty_socket", _dir, "-d", "bgpd", "-c", command]);

    /// <summary>True when every configured neighbor's session is established.</summary>
    public bool AllEstablished(int expected)
    {
        using var document = JsonDocument.Parse(Vtysh("show bgp summary json"));
        return document.RootElement.TryGetProperty("ipv4Unicast", out var v4) && v4.TryGetProperty("peers", out var peers)
            && peers.EnumerateObject().Count(p => p.Value.TryGetProperty("state", out var s) && s.GetString() == "Established") >= expected;
    }

    public void Dispose() => _daemon.Dispose();

    private bool VtyReady()
    {
        try
        {
            Vtysh("show bgp summary json");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
