namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawDampening
{
    public string? Penalty { get; set; }
    public string? HalfLifeSeconds { get; set; }
    public string? SuppressAbove { get; set; }
    public string? ReuseBelow { get; set; }
    public string? MaxSuppressSeconds { get; set; }
}
