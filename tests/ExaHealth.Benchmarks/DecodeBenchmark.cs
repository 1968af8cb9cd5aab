using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ExaHealth.Ovsdb;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Benchmarks;

/// <summary>
/// In-process stage timings of a captured monitor reply (profiling aid for issue 6): framing,
/// decoding, the replica, and the whole first decision; then, given a captured update
/// notification (e.g. every row offline), decoding it, deciding it and formatting the commands.
/// </summary>
internal static class DecodeBenchmark
{
    public static int Run(string file, string? updateFile, int rounds)
    {
        var bytes = File.ReadAllBytes(file);
        Console.WriteLine($"{file}: {bytes.Length / 1e6:0.0} MB");
        for (int round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var message = CapturedMessage.Frame(bytes);
            var framed = clock.Elapsed;

            var envelope = OvsdbMessageReader.Read(message);
            var reader = new Utf8JsonReader(envelope.Result);
            reader.Read();
            var updates = TableUpdatesData.Take(SouthboundSchema.Request, envelope.Result, ref reader, version1: false);
            var decoded = clock.Elapsed;

            var replica = new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance);
            replica.Apply(updates, snapshot: true, new HashSet<IPAddress>());
            var applied = clock.Elapsed;

            var settings = Configuration.ConfigurationLoader.Load(null, ["--ovsdb:southbound=unix:/x", "--routes:allowedPrefixes:0=10.0.0.0/8", "--state:directory=/tmp/decode-bench"]);
            var pipeline = new Pipeline(settings, NullLogger.Instance);
            var changes = pipeline.OnSnapshot(new OvsdbSnapshot(new OvsdbRemote(OvsdbRemoteKind.Unix, "", 0, "/x"), updates, TimeSpan.Zero), DateTimeOffset.UtcNow);
            var decided = clock.Elapsed;
            // As the runner does once the snapshot's commands are out (heap compaction): backends laid out in row order.
            pipeline.TrimScratch();
            var lines = ExaBgp.CommandFormatter.Format(changes);
            var formatted = clock.Elapsed;
            Console.WriteLine($"frame {framed.TotalMilliseconds:0} ms, copy+check {(decoded - framed).TotalMilliseconds:0} ms, replica {(applied - decoded).TotalMilliseconds:0} ms, " +
                $"pipeline (replica again + decide) {(decided - applied).TotalMilliseconds:0} ms, format {(formatted - decided).TotalMilliseconds:0} ms: {lines.Count} lines; GC heap {GC.GetTotalMemory(false) / 1e6:0} MB");
            if (updateFile is not null)
            {
                // The captured update (every row offline) and its inverse, so that each round decides both ways.
                var update = File.ReadAllBytes(updateFile);
                Update(pipeline, update);
                Update(pipeline, Inverse(update));
            }
        }

        return 0;
    }

    /// <summary>The same notification with every "offline" status turned "online" (the JSON stays valid: both are plain strings).</summary>
    private static byte[] Inverse(byte[] update)
    {
        string text = System.Text.Encoding.UTF8.GetString(update);
        const string Offline = "\"status\":\"offline\"";
        // ovsdb-server writes compact JSON; a capture in another form would make the inverse a no-op.
        return text.Contains(Offline, StringComparison.Ordinal)
            ? System.Text.Encoding.UTF8.GetBytes(text.Replace(Offline, "\"status\":\"online\"", StringComparison.Ordinal))
            : throw new InvalidDataException($"no {Offline} in the captured update: capture a site-wide failure (exabgp verb with EXAHEALTH_BENCH_CAPTURE)");
    }

    private static void Update(Pipeline pipeline, byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        var envelope = OvsdbMessageReader.Read(CapturedMessage.Frame(bytes));
        var reader = new Utf8JsonReader(envelope.Params);
        reader.Read();
        reader.Read();
        reader.Skip();
        if (envelope.Method == "update3")
        {
            reader.Read();
            reader.Skip();
        }

        reader.Read();
        var updates = TableUpdatesData.Take(SouthboundSchema.Request, envelope.Params, ref reader, version1: false);
        var decoded = clock.Elapsed;
        var changes = pipeline.OnUpdate(new OvsdbUpdate(updates), DateTimeOffset.UtcNow);
        var decided = clock.Elapsed;
        var lines = ExaBgp.CommandFormatter.Format(changes);
        var formatted = clock.Elapsed;
        pipeline.LogDecisions();
        var logged = clock.Elapsed;
        Console.WriteLine($"   update {bytes.Length / 1e6:0.0} MB: frame+copy+check {decoded.TotalMilliseconds:0} ms, decide {(decided - decoded).TotalMilliseconds:0} ms, " +
            $"format {(formatted - decided).TotalMilliseconds:0} ms ({changes.Count} changes, {lines.Count} lines), log (null logger) {(logged - formatted).TotalMilliseconds:0} ms");
    }
}
