namespace ExaHealth.Ovsdb;

/// <summary>A TLS setup problem (files, trust); the message names the setting involved.</summary>
internal sealed class OvsdbTlsException : IOException
{
    public OvsdbTlsException(string message)
        : base(message)
    {
    }

    public OvsdbTlsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
