namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawStaleChassis
{
    public string? Seconds { get; set; }
}
