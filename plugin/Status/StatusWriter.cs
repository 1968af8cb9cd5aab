using System.Text;
using System.Text.Json;
using ExaHealth.State;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Status;

/// <summary>
/// Writes the status file and the metrics file atomically. Unwritable storage is logged at most once
/// a minute and never stops the plugin.
/// </summary>
internal sealed class StatusWriter(string? statusFile, string? metricsFile, TimeProvider time, ILogger logger)
{
    private DateTimeOffset _lastError = DateTimeOffset.MinValue;

    public bool Enabled => statusFile is not null || metricsFile is not null;

    public void Write(StatusReport report)
    {
        if (statusFile is not null)
        {
            Try(statusFile, () => JsonSerializer.SerializeToUtf8Bytes(report, StatusJsonContext.Default.StatusReport));
        }

        if (metricsFile is not null)
        {
            Try(metricsFile, () => Encoding.UTF8.GetBytes(MetricsFormatter.Format(report)));
        }
    }

    private void Try(string file, Func<byte[]> content)
    {
        try
        {
            AtomicFile.Write(file, content());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var now = time.GetUtcNow();
            if (now - _lastError >= TimeSpan.FromMinutes(1))
            {
                _lastError = now;
                StatusLog.WriteFailed(logger, file, ex.Message);
            }
        }
    }
}
