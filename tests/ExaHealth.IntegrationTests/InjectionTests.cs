using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// The injection corpus written straight into a real Southbound (no northd to clean it up), with
/// the native binary reading it: whatever the rows hold, stdout carries only grammatical commands
/// for prefixes inside routes.allowedPrefixes, the plugin stays up, and a legitimate VIP keeps
/// following its backends.
/// </summary>
[TestClass]
[TestCategory(Sets.AnySet)]
public sealed partial class InjectionTests
{
    private static readonly IPNetwork[] Allowed = [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/64")];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task InjectionCorpus_StdoutOnlyAllowedGrammaticalCommands_LegitimateVipFollowsHealth()
    {
        using var lab = LabEnvironment.Start(new LabOptions { Ovn = new OvnOptions { Northd = false }, StartExaBgp = false });
        using var db = new OvsdbTransactor(lab.Ovn.SbSocket);
        string socket = "unix:" + lab.Ovn.SbSocket;
        Insert(socket, db, Balancer("good", "10.0.0.10:80", "10.10.10.1:80,10.10.10.2:80"), Monitor("10.10.10.1", 80, "tcp", "online"),
            Monitor("10.10.10.2", 80, "tcp", "online"));
        using var plugin = PluginProcess.Start(lab.ConfigPath);
        await plugin.WaitForCommandAsync(l => l.Contains("10.0.0.10/32", StringComparison.Ordinal));

        int written = 0, refused = 0, i = 0;
        void Count(bool accepted) => _ = accepted ? written++ : refused++;
        foreach (var key in InjectionCorpus.Keys())
        {
            Count(Insert(socket, db, Balancer($"key-{i++}", key, "10.10.10.1:80")));
        }

        int host = 100;
        foreach (var value in InjectionCorpus.Values())
        {
            Count(Insert(socket, db, Balancer($"value-{host}", $"10.0.0.{host++}:80", value)));
        }

        var named = new List<string>();
        host = 200;
        foreach (var name in InjectionCorpus.Names())
        {
            named.Add($"10.0.0.{host}/32");
            Count(Insert(socket, db, Balancer(name, $"10.0.0.{host++}:80", "10.10.10.1:80")));
        }

        foreach (var (ip, port, protocol, status) in InjectionCorpus.Monitors())
        {
            Count(Insert(socket, db, Monitor(ip, port, protocol, status)));
        }

        foreach (var (name, key, value) in InjectionCorpus.Huge())
        {
            Count(Insert(socket, db, Balancer(name, key, value)));
        }

        // Duplicates: one VIP in several balancers, and every corpus key again in one balancer.
        Count(Insert(socket, db, Balancer("dup-a", "10.0.0.50:80", "10.10.10.1:80"), Balancer("dup-b", "10.0.0.50:80", "10.10.10.2:80")));
        Count(Insert(socket, db, Balancer("all-keys", InjectionCorpus.Keys().Where(k => k.Length < 1000).Distinct().ToDictionary(k => k, _ => "10.10.10.1:80"))));
        TestContext.WriteLine($"injection corpus: {written + refused} transactions, {written} written, {refused} refused by ovsdb-server");

        // Legitimate VIPs, the ones with hostile names included, still follow their backends.
        foreach (var prefix in named.Take(3))
        {
            await plugin.WaitForCommandAsync(l => l.Contains(prefix, StringComparison.Ordinal));
        }

        lab.Ovn.SetStatus("10.10.10.1", "offline");
        lab.Ovn.SetStatus("10.10.10.2", "offline");
        await plugin.WaitForCommandAsync(l => l.StartsWith("withdraw", StringComparison.Ordinal) && l.Contains(" 10.0.0.10/32", StringComparison.Ordinal));
        int before = plugin.Commands.Count;
        lab.Ovn.SetStatus("10.10.10.1", "online");
        await Wait.UntilAsync(() => plugin.Commands.Skip(before).Any(c => c.Line.StartsWith("announce", StringComparison.Ordinal) && c.Line.Contains(" 10.0.0.10/32", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10), "10.0.0.10 announced again");
        await Task.Delay(500);

        int skipped = plugin.Log.Count(l => l.Contains("exahealth[2001]", StringComparison.Ordinal));
        int ignored = plugin.Log.Count(l => l.Contains("exahealth[2000]", StringComparison.Ordinal));
        TestContext.WriteLine($"plugin: {plugin.Commands.Count} commands, {skipped} VIP entries skipped, {ignored} rows ignored");
        Assert.IsFalse(plugin.HasExited, "the plugin stopped");
        Assert.IsGreaterThan(100, written);
        Assert.IsGreaterThan(60, skipped, "the corpus reached the plugin");
        Assert.IsGreaterThan(3, ignored, "the monitor rows reached the plugin");
        foreach (var (_, line) in plugin.Commands)
        {
            var match = Command().Match(line);
            Assert.IsTrue(match.Success, $"not a SPEC command: {line}");
            foreach (var prefix in match.Groups["prefix"].Captures.Select(c => IPNetwork.Parse(c.Value)))
            {
                Assert.IsTrue(Allowed.Any(a => a.Contains(prefix.BaseAddress) && prefix.PrefixLength >= a.PrefixLength), $"outside allowedPrefixes: {line}");
                Assert.AreEqual(prefix.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128, prefix.PrefixLength, line);
            }
        }

        Assert.IsFalse(plugin.Log.Any(l => l.Contains("exahealth[7004]", StringComparison.Ordinal) || l.Contains(" crit:", StringComparison.Ordinal)), "internal error logged");
        foreach (var line in plugin.Log)
        {
            Assert.MatchesRegex(LogLine(), line, "a log line forged or split by database content");
        }

        plugin.CloseInput();
        Assert.IsTrue(plugin.WaitForExit(TimeSpan.FromSeconds(5)));
    }

    /// <summary>One transaction; false when ovsdb-server refuses it (its own constraints are a first line of defence).</summary>
    private static bool Insert(string socket, OvsdbTransactor db, params JsonObject[] operations)
    {
        var transaction = new JsonArray([JsonValue.Create("OVN_Southbound"), .. operations]).ToJsonString();
        if (transaction.Length > 100_000)
        {
            // ovsdb-client takes the transaction as one argument, which Linux caps at 128 KiB.
            try
            {
                db.Transact("OVN_Southbound", operations);
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }

        try
        {
            return !Tool.Run("ovsdb-client", ["transact", socket, transaction]).Contains("\"error\"", StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonObject Balancer(string name, string key, string value) => Balancer(name, new Dictionary<string, string> { [key] = value });

    private static JsonObject Balancer(string name, Dictionary<string, string> vips) => new()
    {
        ["op"] = "insert",
        ["table"] = "Load_Balancer",
        ["row"] = new JsonObject
        {
            ["name"] = name,
            ["protocol"] = "tcp",
            ["vips"] = new JsonArray("map", new JsonArray([.. vips.Select(v => new JsonArray(v.Key, v.Value))])),
        },
    };

    private static JsonObject Monitor(string ip, long port, string? protocol, string? status)
    {
        var row = new JsonObject
        {
            ["ip"] = ip,
            ["port"] = port,
            ["logical_port"] = "lsp-" + ip.Length,
            ["src_ip"] = "10.255.0.1",
            ["src_mac"] = "0a:00:00:00:00:fe",
        };
        if (protocol is not null)
        {
            row["protocol"] = protocol;
        }

        if (status is not null)
        {
            row["status"] = status;
        }

        return new JsonObject { ["op"] = "insert", ["table"] = "Service_Monitor", ["row"] = row };
    }

    [GeneratedRegex(@"^(neighbor [0-9a-f.:]+(, neighbor [0-9a-f.:]+)* )?(announce route (?<prefix>[0-9a-f.:]+/\d+) next-hop (192\.0\.2\.10|2001:db8::1) origin igp|withdraw route (?<prefix>[0-9a-f.:]+/\d+) next-hop (192\.0\.2\.10|2001:db8::1)|announce attributes next-hop (192\.0\.2\.10|2001:db8::1) origin igp nlri( (?<prefix>[0-9a-f.:]+/\d+)){2,48}|withdraw attributes next-hop (192\.0\.2\.10|2001:db8::1) nlri( (?<prefix>[0-9a-f.:]+/\d+)){2,48})$")]
    private static partial Regex Command();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): exahealth\[\d+\] ")]
    private static partial Regex LogLine();
}
