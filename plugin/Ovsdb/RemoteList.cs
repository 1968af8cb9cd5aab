namespace ExaHealth.Ovsdb;

/// <summary>Remotes for a log line, formatted as ovsdb.southbound spells them (only when the line is written).</summary>
internal readonly struct RemoteList(IReadOnlyList<OvsdbRemote> remotes)
{
    public override string ToString() => string.Join(",", remotes);
}
