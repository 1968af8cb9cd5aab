using System.Text;
using CsCheck;
using ExaHealth.Configuration;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Configuration files and arguments, random and damaged: loading gives settings or a
/// <see cref="ConfigurationException"/> whose message is one line naming the key, never another
/// exception (check-config and a SIGHUP reload both rely on that).
/// </summary>
[TestClass]
internal sealed class ConfigurationProperties : IDisposable
{
    private static readonly byte[][] Samples = [.. LoadSamples()];

    private static readonly Dictionary<string, string[]> Keys = new()
    {
        ["ovsdb"] = ["southbound", "northbound", "privateKey", "certificate", "caCertificate", "leaderOnly", "probeIntervalSeconds", "maxBackoffSeconds", "maxMessageBytes", "SouthBound"],
        ["routes"] = ["allowedPrefixes", "loadBalancers", "nextHop", "nextHopV6", "med", "localPreference", "origin", "asPath", "communities", "largeCommunities", "neighbors", "withdrawOnExit", "localAs", "nexthop"],
        ["policy"] = ["withdrawWhen", "minOnline", "interval", "failureCount", "successCount", "unmonitored", "emptyStatus", "degraded", "dampening", "withdrawWhn"],
        ["exabgp"] = ["ack", "ackTimeoutSeconds"],
        ["onDatabaseLoss"] = ["action", "graceSeconds"],
        ["maintenance"] = ["disableFile"],
        ["state"] = ["directory", "statusFile", "metricsFile"],
        ["logging"] = ["format", "level"],
        ["overrides"] = ["0", "1", "vip"],
        ["bogus"] = ["x"],
    };

    private static readonly Gen<string> Scalar = Gen.OneOf<string>(
        "null", "true", "false", "0", "-1", "1", "2.5", "1e400", "4294967296", "\"\"", "\" \"", "\"ovn\"", "\"OVN\"", "\"self\"",
        "\"10.0.0.0/24\"", "\"10.0.0.1/24\"", "\"::/0\"", "\"0.0.0.0/0\"", "\"10.0.0.10\"", "\"10.1\"", "\"2001:db8::1\"", "\"fe80::1%eth0\"",
        "\"unix:/run/sb.sock\"", "\"tcp:[::1]:6642\"", "\"ssl:192.0.2.1:6642\"", "\"tcp:sb:0\"", "\"unix:\"", "\"65000:1\"", "\"no-export\"",
        "\"1:2:3\"", "\"any-offline\"", "\"below-min\"", "\"hold\"", "\"withdraw\"", "\"json\"", "\"debug\"", "\"igp\"", "\"/abs/path\"",
        "\"relative\"", "\"/dev/null\"", "\"/\"", "\"\\u0000\"", "\"a\\nb\"", "\"\\u2028\"", "\"\\ud800\"", "\"" + new string('9', 400) + "\"");

    private static readonly Gen<string> Value = Gen.Recursive<string>((depth, self) => depth >= 2
        ? Scalar
        : Gen.Frequency<string>(
            (6, Scalar),
            (2, self.Array[0, 3].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Gen.OneOf<string>("vip", "policy", "routes", "belowOnline", "med", "penalty", "withdrawWhen", "x"), self).Array[0, 3]
                .Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}"))));

    /// <summary>The minimal valid file with random sections and keys set on top (a later duplicate wins or is refused, as the JSON provider decides).</summary>
    private static readonly Gen<string> RandomFile = Gen.Select(Gen.OneOf<string>([.. Keys.Keys]), Gen.Int[0, 20], Value).Array[0, 4]
        .Select(settings => "{\"ovsdb\":{\"southbound\":\"unix:/run/sb.sock\"" + Members(settings, "ovsdb") + "},"
            + "\"routes\":{\"allowedPrefixes\":[\"10.0.0.0/24\"]" + Members(settings, "routes") + "}"
            + string.Concat(settings.Where(s => s.Item1 is not ("ovsdb" or "routes")).Select(s => $",\"{s.Item1}\":{{\"{Key(s.Item1, s.Item2)}\":{s.Item3}}}"))
            + "}");

    /// <summary>Command-line overrides, now and then not of the form --section:key=value.</summary>
    private static readonly Gen<string[]> Arguments = Gen.Frequency<string[]>(
        (2, Gen.Const(Array.Empty<string>())),
        (1, Gen.Select(Gen.OneOf<string>([.. Keys.Keys]), Gen.Int[0, 20], Scalar, Gen.Int[0, 19])
            .Select((section, key, value, form) => form switch
            {
                0 => $"{section}:{Key(section, key)}={value}",
                1 => $"--{section}:{Key(section, key)}",
                _ => $"--{section}:{Key(section, key)}={value.Trim('"')}",
            })
            .Array[1, 2]));

    private readonly string _dir = Directory.CreateTempSubdirectory("exahealth-properties-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [TestMethod]
    public void Load_MutatedSampleFiles_SettingsOrOneLineNamingTheKey()
    {
        Gen.Select(Mutator.Of(Samples, maxMutations: 2, Mutator.Gentle), Arguments).Sample((file, arguments) => CheckLoad(file.Bytes, arguments), iter: 400,
            print: t => $"{t.Item1} args {string.Join(" ", t.Item2)}");
    }

    [TestMethod]
    public void Load_RandomFiles_SettingsOrOneLineNamingTheKey()
    {
        Gen.Select(RandomFile, Arguments).Sample((file, arguments) => CheckLoad(Encoding.UTF8.GetBytes(file), arguments), iter: 400,
            print: t => $"{t.Item1} args {string.Join(" ", t.Item2)}");
    }

    private void CheckLoad(byte[] file, string[] arguments)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllBytes(path, file);
        try
        {
            var settings = ConfigurationLoader.Load(path, arguments);
            Assert.IsFalse(string.IsNullOrEmpty(SettingsPrinter.Print(settings)), "check-config prints what was accepted");
        }
        catch (ConfigurationException ex)
        {
            Assert.IsFalse(ex.Message.Any(char.IsControl), $"one line: {ex.Message}");
            Assert.IsTrue(ex.Message.StartsWith("invalid ", StringComparison.Ordinal), ex.Message);
            Assert.IsTrue(ex.Key.Length == 0 || ex.Message.Contains(ex.Key, StringComparison.Ordinal), $"names {ex.Key}: {ex.Message}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Key(string section, int n) => Keys[section][n % Keys[section].Length];

    private static string Members((string Section, int Key, string Value)[] settings, string section) =>
        string.Concat(settings.Where(s => s.Section == section).Select(s => $",\"{Key(section, s.Key)}\":{s.Value}"));

    /// <summary>The shipped samples and the shapes the loader tests use: every section, overrides, comments.</summary>
    private static IEnumerable<byte[]> LoadSamples()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "config-samples")))
        {
            dir = dir.Parent;
        }

        var samples = Path.Combine(dir?.FullName ?? throw new AssertFailedException("no config-samples above the tests"), "config-samples");
        foreach (var file in Directory.GetFiles(samples, "*.json").Order(StringComparer.Ordinal))
        {
            var text = File.ReadAllText(file);
            yield return Encoding.UTF8.GetBytes(text);

            // Without PEM files at hand an ssl: sample stops at the files; over tcp: the rest is validated.
            if (text.Contains("ssl:", StringComparison.Ordinal))
            {
                yield return Encoding.UTF8.GetBytes(text.Replace("ssl:", "tcp:", StringComparison.Ordinal));
            }
        }

        yield return Encoding.UTF8.GetBytes("""
            { "ovsdb": { "southbound": "tcp:192.0.2.5:6642,tcp:[2001:db8::5]:6642,unix:/run/sb.sock", "northbound": "unix:/run/nb.sock", "probeIntervalSeconds": 0 },
              "routes": { "allowedPrefixes": ["10.0.0.0/24", "2001:db8:10::/64"], "loadBalancers": ["incus-net*"], "nextHop": "192.0.2.10",
                          "nextHopV6": "2001:db8::10", "med": 100, "localPreference": 200, "origin": "egp", "asPath": [65001, 65002],
                          "communities": ["65000:1", "no-export"], "largeCommunities": ["65000:1:2"], "neighbors": ["192.0.2.1"], "localAs": 65000 },
              "policy": { "interval": "ovn", "failureCount": 2, "successCount": "OVN",
                          "degraded": { "belowOnline": 2, "med": 500, "asPathPrepend": 3, "communities": ["65000:666"] },
                          "dampening": { "penalty": 1000, "halfLifeSeconds": 60, "suppressAbove": 3000, "reuseBelow": 750, "maxSuppressSeconds": 900 } },
              "exabgp": { "ack": false, "ackTimeoutSeconds": 2.5 },
              "overrides": [ { "vip": "10.0.0.10", "policy": { "withdrawWhen": "any-offline" }, "routes": { "med": 50 } },
                             { "vip": "2001:db8::10", "routes": { "nextHopV6": "2001:db8::1" } } ],
              "logging": { "format": "json", "level": "debug" } }
            """);
    }
}
