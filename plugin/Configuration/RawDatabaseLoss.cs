namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawDatabaseLoss
{
    public string? Action { get; set; }
    public string? GraceSeconds { get; set; }
}
