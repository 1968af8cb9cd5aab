namespace ExaHealth.Ovsdb;

/// <summary>The server answers but must not be used (not in its cluster, not the leader, stale); another remote is tried.</summary>
internal sealed class OvsdbServerUnfitException : Exception
{
    public OvsdbServerUnfitException(string message)
        : base(message)
    {
    }

    public OvsdbServerUnfitException()
    {
    }

    public OvsdbServerUnfitException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
