using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ExaHealth.Runtime;

/// <summary>
/// The console logger's options: every line to stderr, through a bounded queue that drops lines
/// when full. The default waits for room, so a stalled stderr (journald busy) would block whatever
/// logs, the pipeline and the stdin loop included, and with them ExaBGP.
/// </summary>
internal static class ConsoleLogging
{
    public const int MaxQueuedMessages = 10_000;

    public static void Configure(ConsoleLoggerOptions options)
    {
        options.LogToStandardErrorThreshold = LogLevel.Trace;
        options.QueueFullMode = ConsoleLoggerQueueFullMode.DropWrite;
        options.MaxQueueLength = MaxQueuedMessages;
    }
}
