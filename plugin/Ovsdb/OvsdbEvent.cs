namespace ExaHealth.Ovsdb;

/// <summary>What the OVSDB client reports downstream, in the order it happened on the connection.</summary>
internal abstract record OvsdbEvent;

/// <summary>A connection is up and the monitor request has been sent.</summary>
internal sealed record OvsdbConnected(OvsdbRemote Remote) : OvsdbEvent;

/// <summary>
/// The monitor reply: the complete contents of the monitored tables, replacing everything known
/// before, or, when <see cref="Resumed"/>, only the changes missed since the last transaction seen.
/// Either way the state is complete afterwards.
/// </summary>
/// <remarks>
/// A streamed snapshot (<see cref="OvsdbClientOptions.StreamSnapshots"/>) came first as
/// <see cref="OvsdbSnapshotPart"/>s; it then carries no rows itself and <see cref="StreamedRows"/>
/// counts those of the parts.
/// </remarks>
internal sealed record OvsdbSnapshot(OvsdbRemote Remote, TableUpdatesData Updates, TimeSpan Duration, bool Resumed = false, RowCounts? StreamedRows = null) : OvsdbEvent
{
    public bool Streamed => StreamedRows is not null;

    /// <summary>Rows of the whole snapshot, per table.</summary>
    public RowCounts Rows => StreamedRows ?? Updates.Rows ?? Updates.Check().Rows!;
}

/// <summary>
/// Rows of a full snapshot that is still arriving: to be collected into a new replica that the
/// <see cref="OvsdbSnapshot"/> ending the series puts in place. A lost connection drops them.
/// </summary>
internal sealed record OvsdbSnapshotPart(TableUpdatesData Part) : OvsdbEvent;

/// <summary>One notification: the changes of one transaction, to be applied together.</summary>
internal sealed record OvsdbUpdate(TableUpdatesData Updates) : OvsdbEvent;

/// <summary>The connection was lost or could not be made; the client is retrying.</summary>
internal sealed record OvsdbDisconnected(OvsdbRemote Remote, string Reason, TimeSpan RetryIn) : OvsdbEvent;
