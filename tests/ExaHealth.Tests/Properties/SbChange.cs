using ExaHealth.Southbound;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// One Southbound row change, as indexes into <see cref="OvnPools"/> resolved against the database
/// when it is made (the generator does not know which rows exist then): Status sets monitor
/// <see cref="Row"/>'s status to <see cref="A"/>; AddMonitor writes it for backend A with status B;
/// AddBalancer and ChangeVips write balancer Row with VIP key mask A and backend bits B (B also picks the link).
/// </summary>
internal sealed record SbChange(SbChangeKind Kind, int Row, int A, int B)
{
    public void ApplyTo(OvnDatabase database)
    {
        const string Monitors = SouthboundSchema.ServiceMonitor;
        const string Balancers = SouthboundSchema.LoadBalancer;
        var monitor = OvnPools.Monitors[Row % OvnPools.Monitors.Length];
        int index = Row % OvnPools.SbBalancers.Length;
        var balancer = OvnPools.SbBalancers[index];
        switch (Kind)
        {
            case SbChangeKind.Status when database.Find(Monitors, monitor) is { } row:
                var status = OvnPools.Statuses[A % OvnPools.Statuses.Length];
                database.Set(Monitors, monitor, new(row)
                {
                    [SouthboundSchema.ServiceMonitorStatus] = OvnPools.Monitor(0, status)[SouthboundSchema.ServiceMonitorStatus],
                });
                break;
            case SbChangeKind.AddMonitor:
                database.Set(Monitors, monitor, OvnPools.Monitor(A % OvnPools.Backends.Length, OvnPools.Statuses[B % OvnPools.Statuses.Length]));
                break;
            case SbChangeKind.RemoveMonitor:
                database.Set(Monitors, monitor, null);
                break;
            case SbChangeKind.AddBalancer:
                database.Set(Balancers, balancer, OvnPools.SbBalancer(index, A, B, B));
                break;
            case SbChangeKind.ChangeVips when database.Find(Balancers, balancer) is { } row:
                // The link (external_ids) stays; only the vips map changes, as a map diff.
                database.Set(Balancers, balancer, new(row) { [SouthboundSchema.LoadBalancerVips] = OvnPools.SbBalancer(index, A, B, 0)[SouthboundSchema.LoadBalancerVips] });
                break;
            case SbChangeKind.RemoveBalancer:
                database.Set(Balancers, balancer, null);
                break;
        }
    }

    public override string ToString() => $"{Kind}({Row},{A},{B})";
}
