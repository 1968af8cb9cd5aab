namespace ExaHealth.Routes;

/// <summary>An RFC 1997 community, <c>ASN:VALUE</c> with 16-bit halves.</summary>
internal readonly record struct Community(ushort Asn, ushort Value);
