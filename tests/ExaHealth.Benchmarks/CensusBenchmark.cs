using System.Net;
using System.Text.Json;
using ExaHealth.Ovsdb;
using ExaHealth.Runtime;
using ExaHealth.Southbound;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Benchmarks;

/// <summary>
/// Live bytes each stage keeps for a captured monitor reply (profiling aid for the idle RSS of
/// issue 6): the replica alone, then the whole pipeline after its first decision.
/// </summary>
internal static class CensusBenchmark
{
    public static int Run(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var envelope = OvsdbMessageReader.Read(CapturedMessage.Frame(bytes));
        var reader = new Utf8JsonReader(envelope.Result);
        reader.Read();
        var updates = TableUpdatesData.Take(SouthboundSchema.Request, envelope.Result, ref reader, version1: false);

        long baseline = Live();
        var replica = new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance);
        replica.Apply(updates, snapshot: true, new HashSet<IPAddress>());
        long withReplica = Live();
        Console.WriteLine($"replica: {(withReplica - baseline) / 1048576.0:0.0} MiB");
        GC.KeepAlive(replica);
        replica = null;

        baseline = Live();
        var settings = Configuration.ConfigurationLoader.Load(null, ["--ovsdb:southbound=unix:/x", "--routes:allowedPrefixes:0=10.0.0.0/8", "--state:directory=/tmp/census-bench"]);
        var pipeline = new Pipeline(settings, NullLogger.Instance);
        var changes = pipeline.OnSnapshot(new OvsdbSnapshot(new OvsdbRemote(OvsdbRemoteKind.Unix, "", 0, "/x"), updates, TimeSpan.Zero), DateTimeOffset.UtcNow);
        int count = changes.Count;
        changes = null;
        long withPipeline = Live();
        Console.WriteLine($"pipeline after the first decision ({count} changes): {(withPipeline - baseline) / 1048576.0:0.0} MiB, routes {pipeline.Routes.Count}");
        GC.KeepAlive(pipeline);
        GC.KeepAlive(updates);
        return 0;
    }

    private static long Live()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
