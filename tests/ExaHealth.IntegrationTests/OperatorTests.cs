using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>What an operator touches: the documented configuration errors, the samples, install.sh, the status and snapshot verbs.</summary>
[TestClass]
public sealed partial class OperatorTests
{
    private const string Minimal = """{ "ovsdb": { "southbound": "unix:/run/ovn/ovnsb_db.sock" }, "routes": { "allowedPrefixes": ["10.0.0.0/24"] } }""";

    [TestMethod]
    [TestCategory(Sets.AnySet)]
    public void DocumentedConfigurationErrors_EachExitsTwoWithOneLineNamingTheKey()
    {
        var rows = Section(File.ReadAllText(Repo("README.md")), "## Configuration errors").Split('\n')
            .Select(l => ErrorRow().Match(l)).Where(m => m.Success).ToList();
        Assert.IsGreaterThanOrEqualTo(10, rows.Count, "README documents at least 10 cases");
        var config = Path.Combine(Scratch(), "minimal.json");
        File.WriteAllText(config, Minimal);

        foreach (var row in rows)
        {
            var (code, stdout, stderr) = Run(PluginBinary.Path, "check-config", "--config", config, row.Groups[1].Value);

            Assert.AreEqual(2, code, row.Groups[1].Value);
            Assert.AreEqual(string.Empty, stdout, row.Groups[1].Value);
            var lines = stderr.TrimEnd('\n').Split('\n');
            Assert.HasCount(1, lines, $"{row.Groups[1].Value}: {stderr}");
            StringAssert.Contains(lines[0], row.Groups[2].Value);
        }
    }

    [TestMethod]
    [TestCategory(Sets.AnySet)]
    public void EverySample_PassesCheckConfig()
    {
        var pki = Pki.Create(Scratch());
        var samples = Directory.GetFiles(Repo("config-samples"), "*.json");
        Assert.IsGreaterThanOrEqualTo(4, samples.Length);
        foreach (var sample in samples)
        {
            // The TLS samples name the operator's PEM files; the test's own stand in for them.
            string[] tls = File.ReadAllText(sample).Contains("\"ssl:", StringComparison.Ordinal)
                ? [$"--ovsdb:privateKey={pki.ClientKey}", $"--ovsdb:certificate={pki.ClientCertificate}", $"--ovsdb:caCertificate={pki.CaCertificate}"]
                : [];
            var (code, stdout, stderr) = Run(PluginBinary.Path, ["check-config", "--config", sample, .. tls]);

            Assert.AreEqual(0, code, $"{sample}: {stderr}");
            StringAssert.StartsWith(stdout, "configuration is valid", sample);
        }
    }

    [TestMethod]
    public void ExaBgpSamples_PassExaBgpsOwnCheck()
    {
        var dir = Scratch();
        var conf = Path.Combine(dir, "exabgp.conf");
        File.WriteAllText(conf, File.ReadAllText(Repo("config-samples/exabgp.conf")).Replace("/usr/local/bin/exahealth", PluginBinary.Path, StringComparison.Ordinal));

        // The set's own ExaBGP checks it (inside its root, which sees the lab directory only).
        var env = Path.Combine(dir, "exabgp.env");
        File.Copy(Repo("config-samples/exabgp.env"), env);

        var (code, stdout, stderr) = Run(ComponentSet.Current.StartInfo("exabgp", ExaBgpSpeaker.CheckArguments(env, conf)));

        Assert.AreEqual(0, code, stdout + stderr);
    }

    [TestMethod]
    [TestCategory(Sets.AnySet)]
    public void InstallScript_TwiceKeepsTheEditedConfig_UninstallLeavesThePrefixClean()
    {
        var prefix = Path.Combine(Scratch(), "prefix");
        var config = Path.Combine(prefix, "etc", "exahealth", "exahealth.json");

        var first = Run(Repo("install.sh"), "--prefix", prefix);
        Assert.AreEqual(0, first.Code, first.Stderr);
        Assert.IsTrue(File.Exists(Path.Combine(prefix, "bin", "exahealth")));
        Assert.IsTrue(Directory.Exists(Path.Combine(prefix, "var", "lib", "exahealth")));
        StringAssert.Contains(first.Stdout, $"run {prefix}/bin/exahealth run --config {config};", "prints the process stanza");
        StringAssert.Contains(File.ReadAllText(config), $"\"{prefix}/var/lib/exahealth\"", "the installed configuration points at the prefix");
        Assert.AreEqual(0, Run(Path.Combine(prefix, "bin", "exahealth"), "check-config", "--config", config).Code);

        File.WriteAllText(config, File.ReadAllText(config).Replace("\"med\": null", "\"med\": 42", StringComparison.Ordinal));
        var second = Run(Repo("install.sh"), "--prefix", prefix, "--binary", PluginBinary.Path);
        Assert.AreEqual(0, second.Code, second.Stderr);
        StringAssert.Contains(second.Stderr, "kept the existing");
        StringAssert.Contains(File.ReadAllText(config), "\"med\": 42");

        var removed = Run(Repo("install.sh"), "--prefix", prefix, "--uninstall");
        Assert.AreEqual(0, removed.Code, removed.Stderr);
        Assert.IsEmpty(Directory.GetFileSystemEntries(prefix), string.Join(", ", Directory.GetFileSystemEntries(prefix, "*", SearchOption.AllDirectories)));
    }

    [TestMethod]
    public async Task StatusAndSnapshotJson_AgainstTheRealLab()
    {
        using var lab = LabEnvironment.Start(new LabOptions
        {
            Setup = ovn =>
            {
                ovn.AddLoadBalancer("lb1", "10.0.0.10:80", ["10.10.10.226:80", "10.10.10.227:80"]);
                ovn.AddLoadBalancer("lb2", "10.0.0.20:443", ["10.10.10.240:443"]);
            },
        });
        await lab.WaitRouteAsync("10.0.0.20/32", present: true);
        lab.Ovn.SetStatus("10.10.10.226", "offline");
        lab.Ovn.SetStatus("10.10.10.227", "offline");
        await lab.WaitRouteAsync("10.0.0.10/32", present: false);

        JsonNode? status = null;
        await Wait.UntilAsync(() =>
        {
            var run = Run(PluginBinary.Path, "status", "--json", "--config", lab.ConfigPath);
            status = run.Code == 0 ? JsonNode.Parse(run.Stdout) : null;
            return status is not null && Vip(status, "10.0.0.10/32")?["state"]?.GetValue<string>() == "withdrawn";
        }, TimeSpan.FromSeconds(5), "the status file to show the withdraw");
        var withdrawn = Vip(status!, "10.0.0.10/32")!;
        Assert.AreEqual("0/2 backends online (all-offline)", withdrawn["reason"]!.GetValue<string>());
        Assert.AreEqual(2, withdrawn["total"]!.GetValue<int>());
        Assert.AreEqual("announced", Vip(status!, "10.0.0.20/32")!["state"]!.GetValue<string>());
        Assert.IsTrue(status!["southbound"]!["connected"]!.GetValue<bool>());

        var table = Run(PluginBinary.Path, "status", "--config", lab.ConfigPath).Stdout;
        StringAssert.Matches(table, StatusRow());

        var snapshot = JsonNode.Parse(Run(PluginBinary.Path, "snapshot", "--json", "--config", lab.ConfigPath).Stdout)!;
        var lb2 = Vip(snapshot, "10.0.0.20/32")!;
        Assert.AreEqual("announced", lb2["decision"]!.GetValue<string>());
        Assert.AreEqual("lb2:tcp/443", lb2["services"]![0]!.GetValue<string>());
        Assert.AreEqual("announce route 10.0.0.20/32 next-hop 192.0.2.10 origin igp", lb2["command"]!.GetValue<string>(), "a restart re-announces");
        Assert.AreEqual("withdrawn", Vip(snapshot, "10.0.0.10/32")!["decision"]!.GetValue<string>());
        Assert.AreEqual(3, snapshot["serviceMonitors"]!.GetValue<int>());
    }

    private static JsonNode? Vip(JsonNode report, string vip) =>
        report["vips"]!.AsArray().FirstOrDefault(v => v!["vip"]!.GetValue<string>() == vip);

    private static (int Code, string Stdout, string Stderr) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Run(start);
    }

    private static (int Code, string Stdout, string Stderr) Run(ProcessStartInfo start)
    {
        string file = start.FileName;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.IsTrue(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{file} did not finish");
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Repo(string path) => Path.Combine(PluginBinary.RepositoryRoot, path);

    private static string Scratch()
    {
        var dir = Path.Combine(LabEnvironment.Root, $"operator-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Section(string readme, string heading)
    {
        int start = readme.IndexOf(heading, StringComparison.Ordinal);
        Assert.IsGreaterThanOrEqualTo(0, start, $"README has no \"{heading}\"");
        int end = readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? readme[start..] : readme[start..end];
    }

    [GeneratedRegex(@"^\| `(--[^`]+)` \| `(.+)` \|$")]
    private static partial Regex ErrorRow();

    [GeneratedRegex(@"10\.0\.0\.10/32\s+withdrawn\s+0/2 online\s+0/2 backends online \(all-offline\)\s+since ")]
    private static partial Regex StatusRow();
}
