namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawExaBgp
{
    public string? Ack { get; set; }
    public string? AckTimeoutSeconds { get; set; }
}
