namespace ExaHealth.Ovsdb;

/// <summary>What the OVSDB client reports downstream, in the order it happened on the connection.</summary>
internal abstract record OvsdbEvent;

/// <summary>A connection is up and the monitor request has been sent.</summary>
internal sealed record OvsdbConnected(OvsdbRemote Remote) : OvsdbEvent;

/// <summary>The complete contents of the monitored tables (the monitor reply): replaces everything known before.</summary>
internal sealed record OvsdbSnapshot(OvsdbRemote Remote, IReadOnlyList<TableUpdate> Tables, TimeSpan Duration) : OvsdbEvent;

/// <summary>One notification: the changes of one transaction, to be applied together.</summary>
internal sealed record OvsdbUpdate(IReadOnlyList<TableUpdate> Tables) : OvsdbEvent;

/// <summary>The connection was lost or could not be made; the client is retrying.</summary>
internal sealed record OvsdbDisconnected(OvsdbRemote Remote, string Reason, TimeSpan RetryIn) : OvsdbEvent;
