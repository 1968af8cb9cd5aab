namespace ExaHealth.Ovsdb;

/// <summary>Connection settings of the OVSDB client.</summary>
internal sealed record OvsdbClientOptions
{
    /// <summary>Remotes to use, in order of preference.</summary>
    public required IReadOnlyList<OvsdbRemote> Remotes { get; init; }

    /// <summary>Send our own echo after this much silence; zero turns probing off.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of the reconnect delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(8);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public long MaxMessageBytes { get; init; } = OvsdbLimits.DefaultMaxMessageBytes;

    /// <summary>ovsdb.leaderOnly: use only the leader of a Raft cluster.</summary>
    public bool LeaderOnly { get; init; }

    /// <summary>Hand a full snapshot on in parts while it arrives (<see cref="OvsdbSnapshotPart"/>); for consumers that build a replica.</summary>
    public bool StreamSnapshots { get; init; }

    /// <summary>PEM files for ssl: remotes.</summary>
    public OvsdbTls? Tls { get; init; }
}
