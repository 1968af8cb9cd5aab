using Microsoft.Extensions.Logging;

namespace ExaHealth.Fuzz;

/// <summary>
/// Enabled at every level and formats every message, then drops it: the log lines built from
/// database text (made printable first) are on the fuzzed path too, and stdout stays AFL's.
/// </summary>
internal sealed class FormattingLogger : ILogger
{
    public static FormattingLogger Instance { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _ = formatter(state, exception);
}
