using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// maintenance.disableFile: looked at every policy.interval, and at once when a watch on it fires;
/// its presence switches the pipeline's maintenance on. Touched by the loop only, the watch's
/// callback excepted, which only queues a look.
/// </summary>
internal sealed class MaintenanceSwitch(Pipeline pipeline, MonotonicClock clock, Action changed, ILogger logger) : IDisposable
{
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;
    private DisableFileWatch? _watch;

    /// <summary>maintenance.disableFile, looked at every policy.interval.</summary>
    public List<RouteChange> Check()
    {
        var now = clock.Now;
        if (now < _nextCheck)
        {
            return [];
        }

        var settings = pipeline.Settings;
        _nextCheck = now + (settings.Policy.Interval ?? TimeSpan.FromSeconds(5));
        bool on = settings.DisableFile is { } file && File.Exists(file);
        if (on == pipeline.Maintenance)
        {
            return [];
        }

        if (on)
        {
            RuntimeLog.MaintenanceOn(logger, settings.DisableFile!);
        }
        else
        {
            RuntimeLog.MaintenanceOff(logger, settings.DisableFile ?? "(maintenance.disableFile unset)");
        }

        return pipeline.SetMaintenance(on, clock.Now);
    }

    /// <summary>Looks without waiting for the interval: the watch fired, or the file is another one.</summary>
    public List<RouteChange> CheckNow()
    {
        _nextCheck = DateTimeOffset.MinValue;
        return Check();
    }

    /// <summary>(Re)watches maintenance.disableFile; the interval check remains the fallback.</summary>
    public void Watch()
    {
        _watch?.Dispose();
        _watch = new DisableFileWatch(pipeline.Settings.DisableFile, changed);
    }

    public void Dispose() => _watch?.Dispose();
}
