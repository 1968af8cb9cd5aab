namespace ExaHealth.Routes;

/// <summary>An RFC 1997 community, <c>ASN:VALUE</c> with 16-bit halves.</summary>
internal readonly record struct Community(ushort Asn, ushort Value)
{
    /// <summary>GRACEFUL_SHUTDOWN, 65535:0 (RFC 8326).</summary>
    public static Community GracefulShutdown => new(65535, 0);
}
