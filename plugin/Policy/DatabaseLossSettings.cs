namespace ExaHealth.Policy;

/// <summary>onDatabaseLoss: keep the routes while no OVSDB remote is usable, or withdraw them after a grace period.</summary>
internal sealed record DatabaseLossSettings(bool Withdraw, TimeSpan Grace)
{
    public static DatabaseLossSettings Hold { get; } = new(false, TimeSpan.FromSeconds(60));
}
