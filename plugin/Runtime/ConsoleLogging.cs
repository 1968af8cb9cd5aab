using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ExaHealth.Runtime;

/// <summary>The console logger's options: every line to stderr.</summary>
internal static class ConsoleLogging
{
    public static void Configure(ConsoleLoggerOptions options) => options.LogToStandardErrorThreshold = LogLevel.Trace;
}
