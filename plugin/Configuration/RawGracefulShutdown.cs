namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawGracefulShutdown
{
    public string? Seconds { get; set; }
    public string? Community { get; set; }
    public string? LocalPreference { get; set; }
}
