namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawOverride
{
    public string? Vip { get; set; }
    public RawPolicy? Policy { get; set; }
    public RawRoutes? Routes { get; set; }
}
