using ExaHealth.ExaBgp;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// Stop (SIGTERM/SIGINT): what is decided on the way out, the exit drain's wait before its
/// withdraws, and the writer's last sends before the state file is compacted one last time.
/// Runs on the loop, which takes no input after it.
/// </summary>
internal sealed class ExitSequence(Pipeline pipeline, ExaBgpWriter writer, StateDirectory state, ExaBgpListener exabgp, Action<List<RouteChange>> send, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan MaxExitDrain = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SIGTERM with withdrawOnExit and gracefulShutdown drains first, unless ExaBGP itself is shutting
    /// down: it closes its sessions before it signals its processes, so there is no path left to drain.
    /// </summary>
    public bool Drains => pipeline.Settings.Routes is { WithdrawOnExit: true, GracefulShutdown: not null } && !exabgp.ShuttingDown && pipeline.Routes.Count > 0;

    /// <summary>
    /// The exit drain is bounded by ExaBGP's patience, not by gracefulShutdown.seconds: ExaBGP 5.0 kills
    /// a process still running 2 s after its SIGTERM (4.2 waits without limit).
    /// </summary>
    private TimeSpan DrainTime => pipeline.Settings.Routes.GracefulShutdown!.Duration < MaxExitDrain ? pipeline.Settings.Routes.GracefulShutdown.Duration : MaxExitDrain;

    /// <summary>The stop's own decision: the drain's announces, or withdrawOnExit's withdraws.</summary>
    public List<RouteChange> Decide() =>
        Drains ? pipeline.DrainAll()
        : pipeline.Settings.Routes.WithdrawOnExit ? pipeline.WithdrawAll()
        : [];

    /// <summary>After the stop's decision went to the writer.</summary>
    public async Task RunAsync(string reason)
    {
        if (Drains)
        {
            // The GRACEFUL_SHUTDOWN announces are queued; give routers a moment to move before the withdraws.
            RuntimeLog.ExitDrain(logger, pipeline.Routes.Count, DrainTime.TotalSeconds);
            await Task.Delay(DrainTime, time).ConfigureAwait(false);
            send(pipeline.WithdrawAll());
        }

        await FinishAsync(reason).ConfigureAwait(false);
    }

    /// <summary>Lets the writer send what is queued (the withdraws of withdrawOnExit), bounded by the ack timeout.</summary>
    private async Task FinishAsync(string reason)
    {
        RuntimeLog.Stopping(logger, reason);
        var start = time.GetTimestamp();
        while (writer.Queued > 0 && time.GetElapsedTime(start) < pipeline.Settings.ExaBgp.AckTimeout + TimeSpan.FromSeconds(1))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), time).ConfigureAwait(false);
        }

        if (writer.Queued == 0)
        {
            state.Compact(pipeline.Routes);
        }
    }
}
