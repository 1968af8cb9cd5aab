namespace ExaHealth.Ovsdb;

/// <summary>The server sent something that is not valid OVSDB JSON-RPC; the connection is dropped and retried.</summary>
internal sealed class OvsdbProtocolException : Exception
{
    public OvsdbProtocolException(string message)
        : base(message)
    {
    }

    public OvsdbProtocolException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
