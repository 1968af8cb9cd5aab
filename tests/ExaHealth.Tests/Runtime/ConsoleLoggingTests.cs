using ExaHealth.Runtime;
using Microsoft.Extensions.Logging;
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
}
