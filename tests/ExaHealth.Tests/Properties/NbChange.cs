using ExaHealth.Northbound;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// One Northbound row change, as indexes into <see cref="OvnPools"/> resolved against the database
/// when it is made: AddCheck writes health check <see cref="Row"/> for VIP key <see cref="A"/> and
/// references it from NB balancer <see cref="B"/> (created when missing); RemoveCheck deletes it and
/// every reference (one transaction, as ovn-nbctl does); AddBalancer writes balancer Row with check mask A.
/// </summary>
internal sealed record NbChange(NbChangeKind Kind, int Row, int A, int B)
{
    public void ApplyTo(OvnDatabase database)
    {
        const string Checks = NorthboundSchema.HealthCheck;
        const string Balancers = NorthboundSchema.LoadBalancer;
        var check = OvnPools.Checks[Row % OvnPools.Checks.Length];
        int checkIndex = Row % OvnPools.Checks.Length;
        var balancer = OvnPools.NbBalancers[Row % OvnPools.NbBalancers.Length];
        switch (Kind)
        {
            case NbChangeKind.AddCheck:
                database.Set(Checks, check, OvnPools.Check(A % OvnPools.VipKeys.Length));
                var owner = OvnPools.NbBalancers[B % OvnPools.NbBalancers.Length];
                var existing = database.Find(Balancers, owner);
                database.Set(Balancers, owner, existing is null
                    ? OvnPools.NbBalancer(1 << checkIndex, mapped: B % 2 == 0)
                    : OvnPools.NbBalancer(OvnPools.CheckMask(existing) | (1 << checkIndex), OvnPools.IsMapped(existing)));
                break;
            case NbChangeKind.RemoveCheck:
                database.Set(Checks, check, null);
                foreach (var uuid in database.Uuids(Balancers).ToArray())
                {
                    var row = database.Find(Balancers, uuid)!;
                    database.Set(Balancers, uuid, OvnPools.NbBalancer(OvnPools.CheckMask(row) & ~(1 << checkIndex), OvnPools.IsMapped(row)));
                }

                break;
            case NbChangeKind.ChangeCheckVip when database.Find(Checks, check) is not null:
                database.Set(Checks, check, OvnPools.Check(A % OvnPools.VipKeys.Length));
                break;
            case NbChangeKind.ToggleMappings when database.Find(Balancers, balancer) is { } row:
                database.Set(Balancers, balancer, OvnPools.NbBalancer(OvnPools.CheckMask(row), !OvnPools.IsMapped(row)));
                break;
            case NbChangeKind.AddBalancer:
                // Only checks that exist can be referenced (the column holds strong references).
                int mask = A & Enumerable.Range(0, OvnPools.Checks.Length).Where(c => database.Find(Checks, OvnPools.Checks[c]) is not null).Sum(c => 1 << c);
                database.Set(Balancers, balancer, OvnPools.NbBalancer(mask, mapped: B % 2 == 0));
                break;
            case NbChangeKind.RemoveBalancer:
                database.Set(Balancers, balancer, null);
                break;
        }
    }

    public override string ToString() => $"{Kind}({Row},{A},{B})";
}
