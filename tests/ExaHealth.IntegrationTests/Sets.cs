namespace ExaHealth.IntegrationTests;

/// <summary>
/// Test categories by component set. A test of the plugin's own behaviour, which no OVN, OVS, ExaBGP or
/// GoBGP version changes (the plugin driven directly as ExaBGP would, a hostile fake server, the install
/// script), is <see cref="AnySet"/>: run-all.sh runs it on bookworm only. Everything that meets a
/// component's behaviour runs on every set.
/// </summary>
internal static class Sets
{
    public const string AnySet = "AnySet";
}
