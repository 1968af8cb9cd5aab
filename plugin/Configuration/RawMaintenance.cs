namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawMaintenance
{
    public string? DisableFile { get; set; }
}
