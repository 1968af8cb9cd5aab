using System.Text;
using System.Text.Json;
using ExaHealth.State;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Status;

/// <summary>
/// Writes the status file (JSON) and the metrics file (Prometheus text), each atomically, straight
/// into the file: at 10,000 VIPs a copy in memory would be megabytes of garbage every interval.
/// A failure is logged at most once a minute and never stops the plugin.
/// </summary>
internal sealed class StatusWriter(string? statusFile, string? metricsFile, TimeProvider time, ILogger logger)
{
    // Buffers stay below the large-object heap threshold (85,000 bytes).
    private const int FlushBytes = 16 * 1024;

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly StatusLineSerializer _lines = new();

    // Per file: a broken status file must not hide a broken metrics file.
    private readonly Dictionary<string, DateTimeOffset> _lastError = [];

    public bool Enabled => statusFile is not null || metricsFile is not null;

    public void Write(StatusReport report)
    {
        if (statusFile is not null)
        {
            Try(statusFile, stream => WriteJson(stream, report));
        }

        if (metricsFile is not null)
        {
            Try(metricsFile, stream =>
            {
                using var text = new StreamWriter(stream, Utf8, FlushBytes, leaveOpen: true);
                MetricsFormatter.Write(report, text);
            });
        }
    }

    private void WriteJson(Stream stream, StatusReport report)
    {
        var head = JsonSerializer.SerializeToElement(report with { Vips = [] }, StatusJsonContext.Default.StatusReport);
        if (report.Vips is StatusRowList list)
        {
            // Rows keep their JSON between writes; each is one line of the file.
            StreamedJson.Write(stream, head, "vips", list.Entries, (json, entry) => json.WriteRawValue(entry.Line(_lines, keepRow: metricsFile is not null), skipInputValidation: true), indented: true);
        }
        else
        {
            StreamedJson.Write(stream, head, "vips", report.Vips, StatusJsonContext.Default.VipStatus, indented: true);
        }
    }

    private void Try(string file, Action<Stream> write)
    {
        try
        {
            AtomicFile.Write(file, write);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var now = time.GetUtcNow();
            if (!_lastError.TryGetValue(file, out var last) || now - last >= TimeSpan.FromMinutes(1))
            {
                _lastError[file] = now;
                StatusLog.WriteFailed(logger, file, ex.Message);
            }
        }
    }
}
