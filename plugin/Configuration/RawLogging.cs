namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawLogging
{
    public string? Format { get; set; }
    public string? Level { get; set; }
}
