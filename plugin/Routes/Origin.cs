namespace ExaHealth.Routes;

/// <summary>BGP ORIGIN attribute (RFC 4271 section 5.1.1).</summary>
internal enum Origin
{
    Igp,
    Egp,
    Incomplete,
}
