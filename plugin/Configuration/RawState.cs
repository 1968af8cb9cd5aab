namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawState
{
    public string? Directory { get; set; }
    public string? StatusFile { get; set; }
    public string? MetricsFile { get; set; }
}
