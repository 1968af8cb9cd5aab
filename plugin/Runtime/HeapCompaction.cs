using ExaHealth.Ovsdb;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// The one policy for giving memory back. A fresh snapshot, or a burst of updates once quiet, makes
/// a compaction due; the runner does it when nothing is queued and no status write is in the making:
/// the sets decisions empty again are trimmed, then the whole heap is collected and compacted. A
/// large status write's garbage is collected young, on the thread that wrote it.
/// </summary>
internal sealed class HeapCompaction(TimeProvider time, ILogger logger, params Action[] trims)
{
    private const int CompactAfterUpdates = 1000;
    private const long StatusGarbageBytes = 1 << 20;
    private static readonly TimeSpan QuietBeforeCompact = TimeSpan.FromSeconds(10);

    private bool _pending;
    private long _updatesSinceCompact;
    private DateTimeOffset _lastUpdateAt;

    /// <summary>An input the loop is about to decide, at <paramref name="now"/>.</summary>
    public void Saw(PipelineInput input, DateTimeOffset now)
    {
        _pending |= input is PipelineInput.Database { Event: OvsdbSnapshot { Resumed: false } };
        if (input is PipelineInput.Database { Event: not OvsdbSnapshotPart })
        {
            _updatesSinceCompact++;
            _lastUpdateAt = now;
        }
    }

    /// <summary>Whether a compaction is due at <paramref name="now"/>; once due, it stays so until done.</summary>
    public bool Due(DateTimeOffset now)
    {
        _pending = Due(_pending, _updatesSinceCompact, now - _lastUpdateAt);
        return _pending;
    }

    /// <summary>
    /// A burst of updates (churn) leaves the heap grown and nothing collects an idle process: once
    /// quiet, the same compaction as after a snapshot gives the memory back.
    /// </summary>
    public static bool Due(bool pending, long updates, TimeSpan quietFor) =>
        pending || (updates >= CompactAfterUpdates && quietFor >= QuietBeforeCompact);

    /// <summary>
    /// A snapshot replaced the replica: collect the old one and the snapshot's garbage now,
    /// compacting and giving the memory back, rather than keeping the high-water mark. After
    /// the first status write that follows, whose rows and lines are kept until they change.
    /// </summary>
    public void Compact()
    {
        _updatesSinceCompact = 0;
        _pending = false;
        foreach (var trim in trims)
        {
            trim();
        }

        long started = time.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var took = time.GetElapsedTime(started);
        var memory = GC.GetGCMemoryInfo();
        RuntimeLog.Compacted(logger, took.TotalMilliseconds, memory.HeapSizeBytes / 1048576.0, memory.TotalCommittedBytes / 1048576.0, memory.FragmentedBytes / 1048576.0);
    }

    /// <summary>
    /// At thousands of VIPs a status write leaves megabytes of short-lived objects; collected now,
    /// while they are all dead, they do not push the resident size up between writes. Called on the
    /// writing thread with what it allocated; touches no state, so any thread may.
    /// </summary>
    public static void AfterStatusWrite(long allocatedBytes)
    {
        if (allocatedBytes > StatusGarbageBytes)
        {
            GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}
