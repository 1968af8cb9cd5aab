namespace ExaHealth.ExaBgp;

/// <summary>The exabgp section, validated.</summary>
internal sealed record ExaBgpSettings
{
    /// <summary>Whether ExaBGP answers each command (exabgp.api.ack); when on, one command is in flight at a time.</summary>
    public bool Ack { get; init; } = true;

    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
