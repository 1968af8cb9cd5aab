namespace ExaHealth.Tests.Properties;

/// <summary>What one generated Northbound row change does (see <see cref="NbChange"/>).</summary>
internal enum NbChangeKind
{
    AddCheck,
    RemoveCheck,
    ChangeCheckVip,
    ToggleMappings,
    AddBalancer,
    RemoveBalancer,
}
