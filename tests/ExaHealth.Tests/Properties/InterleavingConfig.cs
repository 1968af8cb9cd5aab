using System.Collections.Immutable;
using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using ExaHealth.Tests.Support;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// The configuration knobs a reload turns in the interleaving property, as small indexes into
/// pools (so that CsCheck shrinks them to the first entry). Debounce is always 1/1 without
/// dampening: every decision is immediate, so after the last snapshot nothing is still pending.
/// </summary>
internal sealed record InterleavingConfig(int Allowed, int Neighbors, int Med, int Remote, bool LossWithdraw, bool AnyOffline, bool IgnoreUnmonitored, bool Degraded)
{
    /// <summary>Allow-lists that include and exclude the VIPs of <see cref="OvnPools"/> in turn.</summary>
    public static readonly ImmutableArray<IPNetwork>[] AllowedPrefixes =
    [
        [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/64")],
        [IPNetwork.Parse("10.0.0.0/24")],
        [IPNetwork.Parse("10.0.0.10/32"), IPNetwork.Parse("10.0.1.0/24")],
        [IPNetwork.Parse("fd00::/64"), IPNetwork.Parse("10.0.1.0/24")],
    ];

    public static readonly ImmutableArray<IPAddress>[] NeighborSets =
    [
        [],
        [OvnPools.Peers[0]],
        [OvnPools.Peers[0], OvnPools.Peers[1]],
        [OvnPools.Peers[1]],
    ];

    public static readonly uint?[] Meds = [null, 10, 20];

    public static readonly OvsdbRemote[] SouthboundRemotes =
    [
        new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock"),
        new(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb2.sock"),
    ];

    public static readonly OvsdbRemote NorthboundRemote = new(OvsdbRemoteKind.Unix, "", 0, "/tmp/nb.sock");

    public static readonly InterleavingConfig Default = new(0, 0, 0, 0, false, false, false, false);

    public OvsdbRemote SouthboundRemote => SouthboundRemotes[Remote];

    public Settings ToSettings()
    {
        var settings = TestSettings.Create(new PolicySettings
        {
            WithdrawWhen = AnyOffline ? WithdrawWhen.AnyOffline : WithdrawWhen.AllOffline,
            Unmonitored = IgnoreUnmonitored ? UnmonitoredAction.Ignore : UnmonitoredAction.Announce,
            FailureCount = 1,
            SuccessCount = 1,
        });
        return settings with
        {
            Degraded = Degraded ? new DegradedSettings { BelowOnline = 2, Med = 99 } : null,
            Ovsdb = new OvsdbClientOptions { Remotes = [SouthboundRemote] },
            Northbound = new OvsdbClientOptions { Remotes = [NorthboundRemote] },
            DatabaseLoss = LossWithdraw ? new DatabaseLossSettings(true, TimeSpan.FromSeconds(10)) : DatabaseLossSettings.Hold,
            Routes = settings.Routes with
            {
                AllowedPrefixes = AllowedPrefixes[Allowed],
                IPv4 = settings.Routes.IPv4 with { Med = Meds[Med], Neighbors = NeighborSets[Neighbors] },
                IPv6 = settings.Routes.IPv6 with { Med = Meds[Med], Neighbors = NeighborSets[Neighbors] },
            },
        };
    }
}
