namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawOvsdb
{
    public string? Southbound { get; set; }
    public string? Northbound { get; set; }
    public string? PrivateKey { get; set; }
    public string? Certificate { get; set; }
    public string? CaCertificate { get; set; }
    public string? LeaderOnly { get; set; }
    public string? ProbeIntervalSeconds { get; set; }
    public string? MaxBackoffSeconds { get; set; }
    public string? MaxMessageBytes { get; set; }
}
