namespace ExaHealth.Configuration;

#pragma warning disable CA1819 // Arrays are what the binder fills.

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawRoutes
{
    public string[]? AllowedPrefixes { get; set; }
    public string[]? LoadBalancers { get; set; }
    public string? NextHop { get; set; }
    public string? NextHopV6 { get; set; }
    public string? Med { get; set; }
    public string? LocalPreference { get; set; }
    public string? Origin { get; set; }
    public string[]? AsPath { get; set; }
    public string[]? Communities { get; set; }
    public string[]? LargeCommunities { get; set; }
    public string[]? Neighbors { get; set; }
    public string? WithdrawOnExit { get; set; }
    public string? LocalAs { get; set; }
    public RawGracefulShutdown? GracefulShutdown { get; set; }
}
