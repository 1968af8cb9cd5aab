namespace ExaHealth.Ovsdb;

/// <summary>The &lt;row-update2&gt; members of ovsdb-server(7) "update2".</summary>
internal enum RowChangeKind
{
    /// <summary>Row present when the monitor started (full row, empty columns omitted).</summary>
    Initial,

    /// <summary>Row inserted later (full row, empty columns omitted).</summary>
    Insert,

    /// <summary>Only the changed columns, each as a diff (see <see cref="OvsdbDiff"/>).</summary>
    Modify,

    /// <summary>Row removed.</summary>
    Delete,
}
