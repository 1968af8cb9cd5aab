namespace ExaHealth.State;

/// <summary>The state section, validated.</summary>
internal sealed record StateSettings
{
    /// <summary>Where the announced set is kept for restart reconciliation; null keeps nothing.</summary>
    public string? Directory { get; init; } = "/var/lib/exahealth";

    public string? StatusFile { get; init; } = "/run/exahealth/status.json";

    public string? MetricsFile { get; init; }
}
