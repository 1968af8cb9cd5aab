using ExaHealth.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging.Console;

namespace ExaHealth.Tests.Runtime;

[TestClass]
internal sealed class ConsoleLoggingTests
{
    [TestMethod]
    public void Configure_Defaults_StderrBoundedQueueDropsWhenFull()
    {
        var options = new ConsoleLoggerOptions();

        ConsoleLogging.Configure(options);

        Assert.AreEqual(LogLevel.Trace, options.LogToStandardErrorThreshold, "every line on stderr");
        Assert.AreEqual(ConsoleLoggerQueueFullMode.DropWrite, options.QueueFullMode, "a stalled stderr must not block the pipeline or stdin");
        Assert.AreEqual(10_000, options.MaxQueueLength);
    }

    [TestMethod]
    public void AddTo_FormatSwitched_ConsoleLoggerTakesTheOtherFormatter()
    {
        using var format = new LogFormatSwitch(json: false);
        using var services = new ServiceCollection()
            .AddLogging(builder => ConsoleLogging.AddTo(builder, new LogLevelSwitch(LogLevel.Information), format))
            .BuildServiceProvider();
        var options = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>();
        Assert.AreEqual(ConsoleFormatterNames.Simple, options.CurrentValue.FormatterName);
        string? seen = null;
        using var watch = options.OnChange(o => seen = o.FormatterName);

        format.Json = true;

        Assert.AreEqual(ConsoleFormatterNames.Json, options.CurrentValue.FormatterName);
        Assert.AreEqual(ConsoleFormatterNames.Json, seen, "the console logger provider is told (it reloads its formatter on this notification)");
        Assert.AreEqual(ConsoleLoggerQueueFullMode.DropWrite, options.CurrentValue.QueueFullMode);
    }
}
