using System.Net;
using ExaHealth.Health;
using ExaHealth.Policy;

namespace ExaHealth.Tests.Policy;

[TestClass]
internal sealed class VerdictPolicyTests
{
    private static readonly IPAddress Vip = IPAddress.Parse("10.0.0.10");

    [TestMethod]
    [DataRow(WithdrawWhen.AllOffline, 1, 3, 0, false, "0/3 backends online (all-offline)")]
    [DataRow(WithdrawWhen.AllOffline, 1, 3, 1, true, "1/3 backends online (all-offline)")]
    [DataRow(WithdrawWhen.AnyOffline, 1, 3, 2, false, "2/3 backends online (any-offline)")]
    [DataRow(WithdrawWhen.AnyOffline, 1, 3, 3, true, "3/3 backends online (any-offline)")]
    [DataRow(WithdrawWhen.BelowMin, 2, 3, 1, false, "1/3 backends online (below-min 2)")]
    [DataRow(WithdrawWhen.BelowMin, 2, 3, 2, true, "2/3 backends online (below-min 2)")]
    [DataRow(WithdrawWhen.BelowMin, 4, 3, 3, false, "3/3 backends online (below-min 4)")]
    public void Judge_EveryMode_DecidesOnOnlineCount(WithdrawWhen mode, int minOnline, int total, int online, bool healthy, string reason)
    {
        var judgement = VerdictPolicy.Judge(new VipHealth(Vip, total, online, total), new PolicySettings { WithdrawWhen = mode, MinOnline = minOnline });

        Assert.AreEqual(healthy ? Verdict.Healthy : Verdict.Unhealthy, judgement.Verdict);
        Assert.AreEqual(reason, judgement.Reason);
    }

    [TestMethod]
    [DataRow(UnmonitoredAction.Announce, Verdict.Healthy)]
    [DataRow(UnmonitoredAction.Ignore, Verdict.Unmanaged)]
    public void Judge_NoBackendMonitored_FollowsPolicyUnmonitored(UnmonitoredAction action, Verdict expected)
    {
        var judgement = VerdictPolicy.Judge(new VipHealth(Vip, 2, 0, 0), new PolicySettings { Unmonitored = action, WithdrawWhen = WithdrawWhen.AnyOffline });

        Assert.AreEqual(expected, judgement.Verdict);
        StringAssert.Contains(judgement.Reason, "none monitored");
    }

    [TestMethod]
    public void Judge_NoBackends_IsUnhealthy()
    {
        Assert.AreEqual(Verdict.Unhealthy, VerdictPolicy.Judge(new VipHealth(Vip, 0, 0, 0), new PolicySettings()).Verdict);
    }
}
