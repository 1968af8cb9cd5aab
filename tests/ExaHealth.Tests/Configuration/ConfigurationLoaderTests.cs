using System.Net;
using ExaHealth.Configuration;
using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Tests.Configuration;

/// <summary>File, then EXAHEALTH__ environment, then --section:key=value; one line naming the key on any bad value.</summary>
[TestClass]
[DoNotParallelize]
internal sealed class ConfigurationLoaderTests : IDisposable
{
    private const string Minimal = """
        { "ovsdb": { "southbound": "unix:/run/ovn/ovnsb_db.sock" }, "routes": { "allowedPrefixes": ["10.0.0.0/24"] } }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("exahealth-config-").FullName;

    public void Dispose()
    {
        Directory.Delete(_dir, recursive: true);
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("EXAHEALTH__", StringComparison.Ordinal)))
        {
            Environment.SetEnvironmentVariable(key, null);
        }
    }

    [TestMethod]
    public void Load_MinimalFile_HasSpecDefaults()
    {
        var settings = Load(Minimal);

        Assert.AreEqual(WithdrawWhen.AllOffline, settings.Policy.WithdrawWhen);
        Assert.AreEqual(TimeSpan.FromSeconds(5), settings.Policy.Interval);
        Assert.AreEqual(1, settings.Policy.FailureCount);
        Assert.IsTrue(settings.Routes.IPv4.NextHop.IsSelf);
        Assert.AreEqual(Origin.Igp, settings.Routes.IPv4.Origin);
        Assert.IsTrue(settings.ExaBgp.Ack);
        CollectionAssert.AreEqual(new[] { "*" }, settings.LoadBalancerPatterns.ToArray());
    }

    [TestMethod]
    public void Load_EnvironmentOverridesFile_CommandLineOverridesEnvironment()
    {
        Environment.SetEnvironmentVariable("EXAHEALTH__POLICY__WITHDRAWWHEN", "below-min");
        Environment.SetEnvironmentVariable("EXAHEALTH__POLICY__MINONLINE", "3");

        var settings = Load(Minimal, "--policy:minOnline=2");

        Assert.AreEqual(WithdrawWhen.BelowMin, settings.Policy.WithdrawWhen);
        Assert.AreEqual(2, settings.Policy.MinOnline);
    }

    [TestMethod]
    public void Load_KeysAreCaseInsensitive()
    {
        var settings = Load("""{ "OVSDB": { "SouthBound": "tcp:127.0.0.1:6642" }, "Routes": { "AllowedPrefixes": ["10.0.0.0/24"], "NEXTHOP": "192.0.2.1" } }""");

        Assert.AreEqual(IPAddress.Parse("192.0.2.1"), settings.Routes.IPv4.NextHop.Address);
    }

    [TestMethod]
    public void Load_FullSample_ReadsEveryAttribute()
    {
        var settings = Load("""
            { "ovsdb": { "southbound": "tcp:192.0.2.5:6642,tcp:[2001:db8::5]:6642,unix:/run/sb.sock", "probeIntervalSeconds": 0 },
              "routes": { "allowedPrefixes": ["10.0.0.0/24", "2001:db8:10::/64"], "loadBalancers": ["incus-net*"],
                          "nextHop": "192.0.2.10", "nextHopV6": "2001:db8::10", "med": 100, "localPreference": 200, "origin": "egp",
                          "asPath": [65001, 65002], "communities": ["65000:1", "no-export"], "largeCommunities": ["65000:1:2"],
                          "neighbors": ["192.0.2.1"], "withdrawOnExit": true },
              "exabgp": { "ack": false, "ackTimeoutSeconds": 2.5 } }
            """);

        Assert.HasCount(3, settings.Ovsdb.Remotes);
        Assert.AreEqual("tcp:[2001:db8::5]:6642", settings.Ovsdb.Remotes[1].ToString());
        Assert.AreEqual(TimeSpan.Zero, settings.Ovsdb.ProbeInterval);
        var v4 = settings.Routes.IPv4;
        Assert.AreEqual((100u, 200u, Origin.Egp), (v4.Med!.Value, v4.LocalPreference!.Value, v4.Origin!.Value));
        CollectionAssert.AreEqual(new uint[] { 65001, 65002 }, v4.AsPath.ToArray());
        CollectionAssert.AreEqual(new[] { new Community(65000, 1), new Community(65535, 65281) }, v4.Communities.ToArray());
        Assert.AreEqual(new LargeCommunity(65000, 1, 2), v4.LargeCommunities.Single());
        Assert.AreEqual(IPAddress.Parse("2001:db8::10"), settings.Routes.IPv6.NextHop.Address);
        Assert.AreEqual(v4.Med, settings.Routes.IPv6.Med, "attributes other than the next-hop are shared");
        Assert.IsTrue(settings.Routes.WithdrawOnExit);
        Assert.IsFalse(settings.ExaBgp.Ack);
        Assert.AreEqual(TimeSpan.FromSeconds(2.5), settings.ExaBgp.AckTimeout);
    }

    [TestMethod]
    [DataRow("--policy:withdrawWhen=sometimes", "policy.withdrawWhen = \"sometimes\"")]
    [DataRow("--policy:minOnline=-1", "policy.minOnline = \"-1\"")]
    [DataRow("--policy:failureCount=0", "policy.failureCount = \"0\"")]
    [DataRow("--policy:successCount=two", "policy.successCount = \"two\"")]
    [DataRow("--policy:interval=-5", "policy.interval = \"-5\"")]
    [DataRow("--policy:unmonitored=maybe", "policy.unmonitored = \"maybe\"")]
    [DataRow("--policy:emptyStatus=unknown", "policy.emptyStatus = \"unknown\"")]
    [DataRow("--routes:allowedPrefixes:0=10.0.0.1/24", "routes.allowedPrefixes[0] = \"10.0.0.1/24\"")]
    [DataRow("--routes:allowedPrefixes:0=10.0.0.0", "routes.allowedPrefixes[0] = \"10.0.0.0\"")]
    [DataRow("--routes:allowedPrefixes:0=10.0.0.0/33", "routes.allowedPrefixes[0] = \"10.0.0.0/33\"")]
    [DataRow("--routes:nextHop=2001:db8::1", "routes.nextHop = \"2001:db8::1\"")]
    [DataRow("--routes:nextHopV6=192.0.2.1", "routes.nextHopV6 = \"192.0.2.1\"")]
    [DataRow("--routes:nextHop=10.1", "routes.nextHop = \"10.1\"")]
    [DataRow("--routes:communities:0=65536:1", "routes.communities[0] = \"65536:1\"")]
    [DataRow("--routes:communities:0=no-such", "routes.communities[0] = \"no-such\"")]
    [DataRow("--routes:largeCommunities:0=1:2", "routes.largeCommunities[0] = \"1:2\"")]
    [DataRow("--routes:asPath:0=0", "routes.asPath[0] = \"0\"")]
    [DataRow("--routes:med=-1", "routes.med = \"-1\"")]
    [DataRow("--routes:origin=bgp", "routes.origin = \"bgp\"")]
    [DataRow("--routes:neighbors:0=peer1", "routes.neighbors[0] = \"peer1\"")]
    [DataRow("--routes:withdrawOnExit=yes", "routes.withdrawOnExit = \"yes\"")]
    [DataRow("--ovsdb:southbound=http://sb:6642", "ovsdb.southbound = \"http://sb:6642\"")]
    [DataRow("--ovsdb:southbound=tcp:sb", "ovsdb.southbound = \"tcp:sb\"")]
    [DataRow("--ovsdb:southbound=tcp:sb:0", "ovsdb.southbound = \"tcp:sb:0\"")]
    [DataRow("--ovsdb:southbound=unix:", "ovsdb.southbound = \"unix:\"")]
    [DataRow("--ovsdb:maxBackoffSeconds=0", "ovsdb.maxBackoffSeconds = \"0\"")]
    [DataRow("--exabgp:ack=sometimes", "exabgp.ack = \"sometimes\"")]
    [DataRow("--exabgp:ackTimeoutSeconds=0", "exabgp.ackTimeoutSeconds = \"0\"")]
    [DataRow("--logging:format=xml", "logging.format = \"xml\"")]
    [DataRow("--logging:level=loud", "logging.level = \"loud\"")]
    [DataRow("--policy:withdrawWhn=any-offline", "unknown key policy.withdrawWhn")]
    [DataRow("--route:nextHop=192.0.2.1", "unknown key route.nextHop")]
    public void Load_InvalidValue_OneLineNamingKeyAndValue(string argument, string expected)
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, argument));

        StringAssert.Contains(error.Message, expected);
        Assert.IsFalse(error.Message.Contains('\n', StringComparison.Ordinal));
    }

    [TestMethod]
    public void Load_DecisionFeatures_AreParsed()
    {
        var settings = Load("""
            { "ovsdb": { "southbound": "unix:/run/sb.sock" },
              "routes": { "allowedPrefixes": ["10.0.0.0/24"], "localAs": 65000, "med": 10 },
              "policy": { "interval": "ovn", "failureCount": "OVN", "successCount": 2,
                          "degraded": { "belowOnline": 2, "med": 500, "asPathPrepend": 3, "communities": ["65000:666"] },
                          "dampening": { "penalty": 1000, "halfLifeSeconds": 60, "suppressAbove": 3000, "reuseBelow": 750, "maxSuppressSeconds": 900 } },
              "maintenance": { "disableFile": "/etc/exahealth/disable" },
              "state": { "directory": "/var/lib/exahealth-test" },
              "overrides": [ { "vip": "10.0.0.10", "policy": { "withdrawWhen": "any-offline" }, "routes": { "med": 50 } },
                             { "vip": "2001:db8::10", "routes": { "nextHopV6": "2001:db8::1" } } ] }
            """);

        Assert.IsNull(settings.Policy.Interval);
        Assert.IsNull(settings.Policy.FailureCount);
        Assert.AreEqual(2, settings.Policy.SuccessCount);
        Assert.IsTrue(settings.UsesOvnTiming);
        Assert.AreEqual(new DegradedSettings { BelowOnline = 2, Med = 500, AsPathPrepend = 3, Communities = [new Community(65000, 666)] }, settings.Degraded);
        Assert.AreEqual(TimeSpan.FromSeconds(60), settings.Policy.Dampening!.HalfLife);
        Assert.AreEqual("/etc/exahealth/disable", settings.DisableFile);
        Assert.AreEqual("/var/lib/exahealth-test", settings.State.Directory);

        var vip = IPAddress.Parse("10.0.0.10");
        Assert.AreEqual(WithdrawWhen.AnyOffline, settings.PolicyFor(vip).WithdrawWhen);
        Assert.IsNull(settings.PolicyFor(vip).Interval, "unset override keys keep the global value");
        Assert.AreEqual(settings.Degraded, settings.RoutingFor(vip).Degraded);
        Assert.AreEqual(50u, settings.RoutingFor(vip).Attributes.Med);
        Assert.AreEqual(10u, settings.RoutingFor(IPAddress.Parse("10.0.0.11")).Attributes.Med);
        Assert.AreEqual(IPAddress.Parse("2001:db8::1"), settings.RoutingFor(IPAddress.Parse("2001:db8::10")).Attributes.NextHop.Address);
    }

    [TestMethod]
    [DataRow("--policy:degraded:belowOnline=2", "a degraded VIP needs a worse attribute")]
    [DataRow("--policy:degraded:med=5", "policy.degraded.belowOnline is missing")]
    [DataRow("--policy:degraded:asPathPrepend=2", "policy.degraded.belowOnline is missing")]
    [DataRow("--policy:dampening:reuseBelow=5000", "policy.dampening.reuseBelow = \"5000\": must be below suppressAbove")]
    [DataRow("--policy:dampening:halfLifeSeconds=0", "policy.dampening.halfLifeSeconds = \"0\"")]
    [DataRow("--overrides:0:vip=10.0.0.256", "overrides[0].vip = \"10.0.0.256\"")]
    [DataRow("--overrides:0:policy:withdrawWhen=never", "overrides[0].policy.withdrawWhen = \"never\"")]
    [DataRow("--maintenance:disableFile=relative/path", "maintenance.disableFile = \"relative/path\"")]
    [DataRow("--state:directory=state", "state.directory = \"state\"")]
    [DataRow("--routes:localAs=0", "routes.localAs = \"0\"")]
    [DataRow("--onDatabaseLoss:action=panic", "onDatabaseLoss.action = \"panic\"")]
    [DataRow("--routes:gracefulShutdown:seconds=0", "routes.gracefulShutdown.seconds = \"0\"")]
    [DataRow("--routes:gracefulShutdown:community=65536:0", "routes.gracefulShutdown.community = \"65536:0\"")]
    [DataRow("--policy:staleChassis:seconds=-1", "policy.staleChassis.seconds = \"-1\"")]
    public void Load_InvalidDecisionFeature_OneLineNamingTheKey(string argument, string expected)
    {
        var arguments = argument.StartsWith("--overrides:0:policy", StringComparison.Ordinal) ? new[] { "--overrides:0:vip=10.0.0.10", argument } : [argument];
        if (argument.StartsWith("--policy:degraded:belowOnline", StringComparison.Ordinal))
        {
            arguments = [argument];
        }

        StringAssert.Contains(Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, arguments)).Message, expected);
    }

    [TestMethod]
    public void Load_GracefulShutdownAndStaleChassis_DefaultsAndValues()
    {
        var off = Load(Minimal);
        Assert.IsNull(off.Routes.GracefulShutdown, "both are opt-in");
        Assert.IsNull(off.StaleChassis);

        var on = Load(Minimal, "--routes:gracefulShutdown:localPreference=0", "--policy:staleChassis:seconds=45");

        Assert.AreEqual(new GracefulShutdownSettings(TimeSpan.FromSeconds(30), new Community(65535, 0), 0), on.Routes.GracefulShutdown);
        Assert.AreEqual(TimeSpan.FromSeconds(45), on.StaleChassis);
    }

    [TestMethod]
    public void Load_StaleChassisInOverride_IsRefusedAsUnknown()
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, "--overrides:0:vip=10.0.0.10", "--overrides:0:policy:staleChassis:seconds=5"));

        StringAssert.Contains(error.Message, "overrides.0.policy.staleChassis");
    }

    [TestMethod]
    public void Load_PrependWithoutLocalAs_IsRefused()
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, "--policy:degraded:belowOnline=2", "--policy:degraded:asPathPrepend=2"));

        StringAssert.Contains(error.Message, "routes.localAs is missing");
    }

    [TestMethod]
    public void Load_DuplicateOverride_IsRefused()
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, "--overrides:0:vip=10.0.0.10", "--overrides:1:vip=10.0.0.10"));

        StringAssert.Contains(error.Message, "overrides[1].vip");
    }

    [TestMethod]
    public void Load_GlobalOnlyKeyInOverride_IsRefused()
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, "--overrides:0:vip=10.0.0.10", "--overrides:0:routes:allowedPrefixes:0=0.0.0.0/0"));

        StringAssert.Contains(error.Message, "overrides[0].routes");
    }

    [TestMethod]
    public void Load_MissingRequiredKeys_NameThem()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ConfigurationException>(() => Load("""{ "routes": { "allowedPrefixes": ["10.0.0.0/24"] } }""")).Message,
            "ovsdb.southbound is missing");
        StringAssert.Contains(Assert.ThrowsExactly<ConfigurationException>(() => Load("""{ "ovsdb": { "southbound": "unix:/x" } }""")).Message,
            "routes.allowedPrefixes is missing");
    }

    [TestMethod]
    public void Load_ValueFromEnvironment_IsNamedLikeTheFileKey()
    {
        Environment.SetEnvironmentVariable("EXAHEALTH__POLICY__WITHDRAWWHEN", "never");

        StringAssert.Contains(Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal)).Message, "policy.withdrawWhen = \"never\"");
    }

    [TestMethod]
    public void Load_NotJson_OneLine()
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load("{ \"ovsdb\": { \"southbound\": \n"));

        StringAssert.StartsWith(error.Message, "invalid configuration: cannot read");
        Assert.IsFalse(error.Message.Contains('\n', StringComparison.Ordinal));
    }

    [TestMethod]
    public void Load_MissingFile_SaysSo()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ConfigurationException>(() => ConfigurationLoader.Load(Path.Combine(_dir, "nope.json"), [])).Message, "does not exist");
    }

    [TestMethod]
    public void Load_SslRemoteWithoutPemFiles_NamesTheMissingKey()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, "--ovsdb:southbound=ssl:10.0.0.1:6642")).Message, "ovsdb.privateKey is missing");
    }

    [TestMethod]
    public void Load_SslRemoteWithUnreadablePem_OneLineNamingTheFile()
    {
        var error = Assert.ThrowsExactly<ConfigurationException>(() => Load(Minimal, "--ovsdb:southbound=ssl:10.0.0.1:6642",
            "--ovsdb:privateKey=/nonexistent/key.pem", "--ovsdb:certificate=/nonexistent/cert.pem", "--ovsdb:caCertificate=/nonexistent/ca.pem"));

        StringAssert.Contains(error.Message, "ovsdb.certificate /nonexistent/cert.pem");
        Assert.IsFalse(error.Message.Contains('\n', StringComparison.Ordinal));
    }

    private Settings Load(string json, params string[] arguments)
    {
        var file = Path.Combine(_dir, "exahealth.json");
        File.WriteAllText(file, json);
        return ConfigurationLoader.Load(file, arguments);
    }
}
