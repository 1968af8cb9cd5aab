using Microsoft.Extensions.Logging;

namespace ExaHealth.Runtime;

/// <summary>The minimum log level, changeable at runtime (SIGHUP) without rebuilding the logger.</summary>
internal sealed class LogLevelSwitch(LogLevel level)
{
    private volatile int _level = (int)level;

    public LogLevel Level
    {
        get => (LogLevel)_level;
        set => _level = (int)value;
    }

    public bool IsEnabled(LogLevel level) => level >= Level && level != LogLevel.None;
}
