using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>ssl: remotes against ovsdb-server with pssl:, certificates made by openssl for the test.</summary>
[TestClass]
public sealed class TlsTests
{
    [TestMethod]
    public async Task SslRemote_ServerVerifiedClientPresented_Works()
    {
        var pki = Pki.Create(Path.Combine(LabEnvironment.Root, $"pki-{Environment.ProcessId}-{Guid.NewGuid():N}"));
        using var lab = Start(pki);
        lab.WriteConfig(Config(lab, pki, pki.CaCertificate));
        lab.StartExaBgp();

        await lab.WaitRouteAsync("10.0.0.10/32", present: true);
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);
        StringAssert.Contains(lab.ExaBgp.PluginLog(), "ovsdb connected to ssl:");
    }

    [TestMethod]
    public async Task ServerNotVouchedForByTheCa_RefusedClearlyAndRetried()
    {
        var dir = Path.Combine(LabEnvironment.Root, $"pki-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var pki = Pki.Create(dir);
        var other = Pki.Create(dir, "other");
        using var lab = Start(pki);
        lab.WriteConfig(Config(lab, pki, other.CaCertificate));
        lab.StartExaBgp();

        await Wait.UntilAsync(
            () => lab.ExaBgp.PluginLog().Split('\n').Count(l => l.Contains("is not vouched for by ovsdb.caCertificate", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(10), "two refusals of the server certificate");
        Assert.IsFalse(lab.Router.Has("10.0.0.10/32"));
        Assert.IsTrue(Daemon.IsAlive(lab.ExaBgp.PluginPid!.Value));
    }

    private static LabEnvironment Start(Pki pki) => LabEnvironment.Start(new LabOptions
    {
        Ovn = new OvnOptions { Tls = pki },
        Setup = ovn => ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]),
        StartExaBgp = false,
    });

    private static JsonObject Config(LabEnvironment lab, Pki pki, string ca) => new()
    {
        ["ovsdb"] = new JsonObject
        {
            ["southbound"] = lab.Ovn.SbSslRemote,
            ["privateKey"] = pki.ClientKey,
            ["certificate"] = pki.ClientCertificate,
            ["caCertificate"] = ca,
        },
    };
}
