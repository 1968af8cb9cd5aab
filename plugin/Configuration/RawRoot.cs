namespace ExaHealth.Configuration;

#pragma warning disable CA1819 // Arrays are what the binder fills.

/// <summary>
/// Binding target of the whole configuration (source-generated binder). Scalars are bound as
/// strings and parsed by <see cref="SettingsParser"/>, so every bad value gives one line naming
/// the key as SPEC spells it rather than a binder exception.
/// </summary>
internal sealed class RawRoot
{
    public RawOvsdb? Ovsdb { get; set; }
    public RawRoutes? Routes { get; set; }
    public RawPolicy? Policy { get; set; }
    public RawExaBgp? ExaBgp { get; set; }
    public RawDatabaseLoss? OnDatabaseLoss { get; set; }
    public RawMaintenance? Maintenance { get; set; }
    public RawOverride[]? Overrides { get; set; }
    public RawState? State { get; set; }
    public RawLogging? Logging { get; set; }
}
