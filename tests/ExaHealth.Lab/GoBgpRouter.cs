using System.Text.Json;

namespace ExaHealth.Lab;

/// <summary>
/// GoBGP as the router whose RIB tests read. ExaBGP is accepted as a dynamic neighbor: a static
/// one would sit idle for 5 s after every session loss.
/// </summary>
public sealed class GoBgpRouter : IDisposable
{
    private readonly Daemon _daemon;

    private GoBgpRouter(string dir, Daemon daemon)
    {
        ApiTarget = "unix://" + Path.Combine(dir, "gobgpd.sock");
        _daemon = daemon;
    }

    public string ApiTarget { get; }

    public static GoBgpRouter Start(string dir, string address, int port, int asn, string peerAddress, int peerAsn)
    {
        Directory.CreateDirectory(dir);
        string config = Path.Combine(dir, "gobgpd.toml");
        File.WriteAllText(config, $"""
            [global.config]
              as = {asn}
              router-id = "{address}"
              port = {port}
              local-address-list = ["{address}"]
            [[peer-groups]]
              [peer-groups.config]
                peer-group-name = "exabgp"
                peer-as = {peerAsn}
              [[peer-groups.afi-safis]]
                [peer-groups.afi-safis.config]
                  afi-safi-name = "ipv4-unicast"
              [[peer-groups.afi-safis]]
                [peer-groups.afi-safis.config]
                  afi-safi-name = "ipv6-unicast"
            [[dynamic-neighbors]]
              [dynamic-neighbors.config]
                prefix = "{peerAddress}/32"
                peer-group = "exabgp"
            """);
        // gobgpd 4.x serves pprof and metrics on localhost:6060 despite --pprof-disable: keep it on the lab's own address.
        var daemon = Daemon.Start("gobgpd", "gobgpd",
            ["-f", config, "-t", "toml", "--api-hosts", $"unix://{dir}/gobgpd.sock", "--pprof-disable", $"--pprof-host={address}:6060", "-l", "info", "-p"],
            Path.Combine(dir, "gobgpd.log"));
        var router = new GoBgpRouter(dir, daemon);
        try
        {
            Wait.UntilAsync(router.ApiReady, TimeSpan.FromSeconds(20), "gobgpd API").GetAwaiter().GetResult();
            return router;
        }
        catch
        {
            router.Dispose();
            throw;
        }
    }

    /// <summary>The prefixes in the global RIB of one family, with their attributes as GoBGP reports them.</summary>
    public IReadOnlyDictionary<string, JsonElement> Rib(bool ipv6 = false)
    {
        var json = Gobgp("global", "rib", "-a", ipv6 ? "ipv6" : "ipv4", "-j");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            return new Dictionary<string, JsonElement>();
        }

        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
    }

    public bool Has(string prefix) => Rib(prefix.Contains(':', StringComparison.Ordinal)).ContainsKey(prefix);

    /// <summary>True when a BGP session is established (session_state 6).</summary>
    public bool Established()
    {
        var json = Gobgp("neighbor", "-j");
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "[]" : json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var peer in document.RootElement.EnumerateArray())
        {
            if (peer.TryGetProperty("state", out var state) && state.TryGetProperty("session_state", out var session)
                && session.ToString() is "6" or "ESTABLISHED" or "established")
            {
                return true;
            }
        }

        return false;
    }

    public string Gobgp(params string[] arguments) => Tool.Run("gobgp", ["--target", ApiTarget, .. arguments]);

    public void Dispose() => _daemon.Dispose();

    private bool ApiReady()
    {
        try
        {
            Gobgp("global");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
