using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>
/// SIGHUP: every setting reloads (SPEC section 1). An invalid configuration keeps the running one
/// and leaves routes untouched; a valid one reaches every part that holds a setting, and the
/// database clients restart only when what is monitored changed.
/// </summary>
internal sealed class Reloader(
    Func<Settings>? reload,
    Pipeline pipeline,
    ExaBgpWriter writer,
    StatusPublisher status,
    StateDirectory state,
    MaintenanceSwitch maintenance,
    DatabaseClients database,
    LogLevelSwitch? logLevel,
    LogFormatSwitch? logFormat,
    ILogger logger)
{
    public List<RouteChange> Reload(DateTimeOffset now)
    {
        if (reload is null)
        {
            return [];
        }

        Settings next;
        try
        {
            next = reload();
        }
        catch (ConfigurationException ex)
        {
            RuntimeLog.ReloadRefused(logger, ex.Message);
            return [];
        }

        var previous = pipeline.Settings;
        var (changes, resubscribe) = pipeline.Reconfigure(next, now);
        writer.Settings = next.ExaBgp;
        status.Reconfigure(next);
        if (logLevel is not null)
        {
            logLevel.Level = next.Logging.Level;
        }

        if (logFormat is not null)
        {
            logFormat.Json = next.Logging.Json;
        }

        if (previous.State.Directory != next.State.Directory)
        {
            state.Move(next.State.Directory, pipeline.Routes);
        }

        if (previous.DisableFile != next.DisableFile)
        {
            maintenance.Watch();
            changes.AddRange(maintenance.CheckNow());
        }

        if (resubscribe)
        {
            database.Start(pipeline.Settings);
        }

        RuntimeLog.Reloaded(logger, "the configuration", changes.Count, resubscribe ? "; southbound monitored afresh" : string.Empty);
        return changes;
    }
}
