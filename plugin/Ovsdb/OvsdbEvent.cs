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
internal sealed record OvsdbSnapshot(OvsdbRemote Remote, IReadOnlyList<TableUpdate> Tables, TimeSpan Duration, bool Resumed = false) : OvsdbEvent;

/// <summary>One notification: the changes of one transaction, to be applied together.</summary>
internal sealed record OvsdbUpdate(IReadOnlyList<TableUpdate> Tables) : OvsdbEvent;

/// <summary>The connection was lost or could not be made; the client is retrying.</summary>
internal sealed record OvsdbDisconnected(OvsdbRemote Remote, string Reason, TimeSpan RetryIn) : OvsdbEvent;
