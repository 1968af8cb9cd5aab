namespace ExaHealth.Tests.Properties;

/// <summary>What one generated Southbound row change does (see <see cref="SbChange"/>).</summary>
internal enum SbChangeKind
{
    Status,
    AddMonitor,
    RemoveMonitor,
    AddBalancer,
    RemoveBalancer,
    ChangeVips,
}
