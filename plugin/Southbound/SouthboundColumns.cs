using System.Text;

namespace ExaHealth.Southbound;

/// <summary>Reads the words of Southbound columns from their UTF-8 text, tolerating nothing the schema would not produce.</summary>
internal static class SouthboundColumns
{
    /// <summary>Stands for a value of the wrong JSON type in warnings, and in a kept protocol so that it never parses.</summary>
    public const string NotAString = "(not a string)";

    /// <summary>A protocol column: empty means tcp (OVN's default); an unknown word gives false.</summary>
    public static bool TryProtocol(ReadOnlySpan<byte> text, out BackendProtocol protocol)
    {
        protocol = BackendProtocol.Tcp;
        if (text.IsEmpty || text.SequenceEqual("tcp"u8))
        {
            return true;
        }

        if (text.SequenceEqual("udp"u8))
        {
            protocol = BackendProtocol.Udp;
            return true;
        }

        if (text.SequenceEqual("sctp"u8))
        {
            protocol = BackendProtocol.Sctp;
            return true;
        }

        return false;
    }

    /// <summary>The protocol as kept with a row (see <see cref="ProtocolText"/>).</summary>
    public static bool TryProtocol(string? text, out BackendProtocol protocol)
    {
        protocol = text switch { "udp" => BackendProtocol.Udp, "sctp" => BackendProtocol.Sctp, _ => BackendProtocol.Tcp };
        return text is null or "" or "tcp" or "udp" or "sctp";
    }

    /// <summary>The protocol column's text as kept with a row: shared strings for the known words.</summary>
    public static string? ProtocolText(ReadOnlySpan<byte> text) =>
        text.IsEmpty ? null
        : text.SequenceEqual("tcp"u8) ? "tcp"
        : text.SequenceEqual("udp"u8) ? "udp"
        : text.SequenceEqual("sctp"u8) ? "sctp"
        : Encoding.UTF8.GetString(text);

    /// <summary>Service_Monitor.status; an unknown word gives false (and is counted offline by the caller).</summary>
    public static bool TryStatus(ReadOnlySpan<byte> text, out BackendStatus status)
    {
        status = BackendStatus.Offline;
        if (text.SequenceEqual("online"u8))
        {
            status = BackendStatus.Online;
            return true;
        }

        if (text.SequenceEqual("offline"u8))
        {
            return true;
        }

        if (text.SequenceEqual("error"u8))
        {
            status = BackendStatus.Error;
            return true;
        }

        return false;
    }
}
