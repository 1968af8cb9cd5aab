namespace ExaHealth.Southbound;

/// <summary>How one vips entry lists a backend, as far as OVN's health checks go (SPEC section 3).</summary>
internal enum BackendCheck : byte
{
    /// <summary>No Northbound (or not usable): whether OVN checks it is inferred from the rows.</summary>
    Unknown,

    /// <summary>The entry is not checked; OVN forwards to the backend whatever its status.</summary>
    Unchecked,

    /// <summary>Not checked, but mapped: rows left from a check just removed still rule until ovn-northd deletes them.</summary>
    UncheckedMapped,

    /// <summary>Checked and mapped: its Service_Monitor rows rule, and until ovn-northd has written them OVN forwards to it.</summary>
    Checked,

    /// <summary>Checked without ip_port_mappings: ovn-northd writes no row and leaves the backend out.</summary>
    CheckedUnmapped,
}
