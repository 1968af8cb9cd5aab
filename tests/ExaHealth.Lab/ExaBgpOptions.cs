namespace ExaHealth.Lab;

/// <summary>How the lab's ExaBGP is set up.</summary>
public sealed record ExaBgpOptions
{
    public required string Directory { get; init; }

    /// <summary>The API process command line, as ExaBGP's <c>run</c> takes it (no shell).</summary>
    public required string PluginCommand { get; init; }

    public required string LocalAddress { get; init; }

    public required string PeerAddress { get; init; }

    /// <summary>More routers ExaBGP peers with, each like <see cref="PeerAddress"/> (same port and AS numbers).</summary>
    public IReadOnlyList<string> MorePeers { get; init; } = [];

    public int PeerPort { get; init; } = 1790;

    public int LocalAsn { get; init; } = 65000;

    public int PeerAsn { get; init; } = 65001;

    public bool Ack { get; init; } = true;

    public string Encoder { get; init; } = "json";

    /// <summary>A network namespace ExaBGP (and so the plugin) runs in; null: the host's.</summary>
    public string? NetworkNamespace { get; init; }

    /// <summary>
    /// An IPv6 session (local, peer) for the ipv6 unicast family; the IPv4 session then carries ipv4
    /// unicast only. Null: both families on every IPv4 session.
    /// </summary>
    public (string Local, string Peer)? IPv6Session { get; init; }
}
