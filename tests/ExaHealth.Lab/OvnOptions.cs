namespace ExaHealth.Lab;

/// <summary>How the lab's OVN central is laid out.</summary>
public sealed record OvnOptions
{
    /// <summary>1: a standalone Southbound; 3 or 5: a Raft cluster of that many members.</summary>
    public int SouthboundMembers { get; init; } = 1;

    /// <summary>Run ovn-northd (it deletes Southbound rows it does not own; benchmarks fill the SB themselves without it).</summary>
    public bool Northd { get; init; } = true;

    /// <summary>
    /// Run the Northbound as a Raft cluster of one member instead of standalone: a standalone
    /// ovsdb-server answers every monitor_cond_since with a full snapshot, a clustered one resumes.
    /// </summary>
    public bool ClusteredNorthbound { get; init; }

    /// <summary>Also listen with TLS (pssl:) using these certificates.</summary>
    public Pki? Tls { get; init; }
}
