using ExaHealth.Ovsdb;

namespace ExaHealth.Fuzz;

/// <summary>
/// Writes the starting corpus: the captured monitor_cond conversation (tests/ExaHealth.Tests/Fixtures)
/// under a few settings and read plans, and the hand-made conversations in Seeds/ for the other
/// monitor methods, the _Server database, fallbacks and odd notation, each with the settings it is
/// written for.
/// </summary>
internal static class SeedWriter
{
    private static readonly SessionSettings Cond = new(MonitorMethod.Cond, ServerDatabase: false, StreamSnapshots: true, LeaderOnly: false, OvnTiming: false, Northbound: false, SmallMessages: false);
    private static readonly SessionSettings CondSince = Cond with { Method = MonitorMethod.CondSince, ServerDatabase = true };

    private static readonly (string File, SessionSettings Settings, byte SplitSeed)[] HandMade =
    [
        ("condsince-server.json", CondSince with { OvnTiming = true, Northbound = true, LeaderOnly = true }, 0x21),
        ("condsince-resumed.json", CondSince with { OvnTiming = true }, 0),
        ("fallback.json", CondSince, 0x8F),
        ("plain.json", Cond with { Method = MonitorMethod.Plain, OvnTiming = true }, 0x13),
        ("escapes.json", Cond with { StreamSnapshots = false, Northbound = true }, 0x03),
        ("small.json", Cond with { SmallMessages = true }, 0x84),
    ];

    public static void Write(string fixtures, string output)
    {
        Directory.CreateDirectory(output);
        byte[] captured = [.. Directory.GetFiles(fixtures, "*.json").Order(StringComparer.Ordinal).SelectMany(File.ReadAllBytes)];
        Save(output, "captured-streamed", new FuzzInput(Cond, 0, captured));
        Save(output, "captured-whole", new FuzzInput(Cond with { StreamSnapshots = false }, 0, captured));
        Save(output, "captured-tiny-reads", new FuzzInput(Cond with { OvnTiming = true, Northbound = true }, 0x8A, captured));
        Save(output, "captured-small-limit", new FuzzInput(Cond with { SmallMessages = true }, 0x40, captured));

        string seeds = Path.Combine(AppContext.BaseDirectory, "Seeds");
        foreach (var (file, settings, split) in HandMade)
        {
            Save(output, Path.GetFileNameWithoutExtension(file), new FuzzInput(settings, split, File.ReadAllBytes(Path.Combine(seeds, file))));
        }
    }

    private static void Save(string output, string name, FuzzInput input) =>
        File.WriteAllBytes(Path.Combine(output, name), input.ToBytes());
}
