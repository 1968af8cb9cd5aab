using System.Buffers;
using System.Text.Json;

namespace ExaHealth.Status;

/// <summary>
/// Serializes status rows as lines of the status file through one reused buffer, so that the
/// allocations per row are the line itself and a small writer (10,000 rows after a snapshot would otherwise leave
/// megabytes of writers and buffers behind). Used by one writer thread at a time.
/// </summary>
internal sealed class StatusLineSerializer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);

    /// <summary>
    /// A line break and the indentation of an item of the file's "vips" array, then the compact JSON
    /// (an indented writer does not indent raw values itself).
    /// </summary>
    public byte[] Line(VipStatus row)
    {
        _buffer.ResetWrittenCount();
        _buffer.Write("\n    "u8);
        using (var json = new Utf8JsonWriter(_buffer))
        {
            JsonSerializer.Serialize(json, row, StatusJsonContext.Default.VipStatus);
        }

        return _buffer.WrittenSpan.ToArray();
    }
}
