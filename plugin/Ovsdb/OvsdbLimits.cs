namespace ExaHealth.Ovsdb;

/// <summary>Bounds on what a server may send, so hostile or broken input cannot exhaust memory or stack.</summary>
internal static class OvsdbLimits
{
    /// <summary>A monitor reply is about ten levels deep; anything far deeper is not OVSDB.</summary>
    public const int MaxJsonDepth = 64;

    /// <summary>SPEC section 7: default limit for a single message.</summary>
    public const long DefaultMaxMessageBytes = 64L * 1024 * 1024;
}
