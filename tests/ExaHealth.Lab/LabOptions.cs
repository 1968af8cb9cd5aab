using System.Text.Json.Nodes;

namespace ExaHealth.Lab;

/// <summary>What a lab run needs besides its defaults.</summary>
public sealed record LabOptions
{
    /// <summary>Creates load balancers etc. once OVN is up.</summary>
    public Action<OvnCentral>? Setup { get; init; }

    /// <summary>
    /// ExaHealth configuration merged over the lab defaults (southbound remote, allowed prefixes
    /// 10.0.0.0/24 and fd00::/64, non-loopback next-hops GoBGP accepts, quick reconnects).
    /// </summary>
    public JsonObject? Config { get; init; }

    /// <summary>Use the SB's TCP remote instead of its unix socket.</summary>
    public bool Tcp { get; init; }

    public bool Ack { get; init; } = true;

    public string Encoder { get; init; } = "json";

    /// <summary>Layout of OVN central (standalone by default).</summary>
    public OvnOptions Ovn { get; init; } = new();

    /// <summary>
    /// Also start a second GoBGP router (<see cref="LabEnvironment.Router2"/>, at the lab's .4
    /// address) that ExaBGP peers with as well, for tests of routes.neighbors.
    /// </summary>
    public bool SecondRouter { get; init; }

    /// <summary>Start ExaBGP (and the plugin) right away.</summary>
    public bool StartExaBgp { get; init; } = true;
}
