using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace ExaHealth.Runtime;

/// <summary>
/// The console logger's options: every line to stderr, through a bounded queue that drops lines
/// when full. The default waits for room, so a stalled stderr (journald busy) would block whatever
/// logs, the pipeline and the stdin loop included, and with them ExaBGP.
/// </summary>
internal static class ConsoleLogging
{
    public const int MaxQueuedMessages = 10_000;

    /// <summary>
    /// The stderr logger of the run verb: both formatters registered, the one <paramref name="format"/>
    /// names in use (a reload switches it), lines below <paramref name="level"/> dropped.
    /// </summary>
    public static void AddTo(ILoggingBuilder builder, LogLevelSwitch level, LogFormatSwitch format)
    {
        builder.SetMinimumLevel(LogLevel.Trace);
        builder.AddFilter((_, _, l) => level.IsEnabled(l));
        builder.AddConsole(Configure);
        builder.AddJsonConsole(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
        });
        builder.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });

        // After the formatters' own registrations, which each name themselves.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName = format.FormatterName);
        builder.Services.AddSingleton<IOptionsChangeTokenSource<ConsoleLoggerOptions>>(format);
    }

    public static void Configure(ConsoleLoggerOptions options)
    {
        options.LogToStandardErrorThreshold = LogLevel.Trace;
        options.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
        options.MaxQueueLength = MaxQueuedMessages;
    }
}
