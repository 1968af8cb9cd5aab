namespace ExaHealth.Configuration;

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawPolicy
{
    public string? WithdrawWhen { get; set; }
    public string? MinOnline { get; set; }
    public string? Interval { get; set; }
    public string? FailureCount { get; set; }
    public string? SuccessCount { get; set; }
    public string? Unmonitored { get; set; }
    public string? EmptyStatus { get; set; }
    public RawDegraded? Degraded { get; set; }
    public RawDampening? Dampening { get; set; }
    public RawStaleChassis? StaleChassis { get; set; }
}
