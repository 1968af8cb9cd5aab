using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>Reads typed values out of OVSDB column values, tolerating nothing the schema would not produce.</summary>
internal static class SouthboundColumns
{
    /// <summary>A string column or optional string; null when empty or of another type.</summary>
    public static string? String(OvsdbValue value) => value.Single?.AsString();

    public static long? Integer(OvsdbValue value) => value.Single?.AsInteger();

    /// <summary>A protocol column: empty means tcp (OVN's default); an unknown word gives false.</summary>
    public static bool TryProtocol(string? text, out BackendProtocol protocol)
    {
        protocol = BackendProtocol.Tcp;
        switch (text)
        {
            case null or "" or "tcp":
                return true;
            case "udp":
                protocol = BackendProtocol.Udp;
                return true;
            case "sctp":
                protocol = BackendProtocol.Sctp;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Service_Monitor.status; an unknown word gives false (and is counted offline by the caller).</summary>
    public static bool TryStatus(OvsdbValue value, out BackendStatus status)
    {
        status = BackendStatus.Unset;
        if (value.IsMap || value.Atoms.IsEmpty)
        {
            return !value.IsMap;
        }

        switch (String(value))
        {
            case "online":
                status = BackendStatus.Online;
                return true;
            case "offline":
                status = BackendStatus.Offline;
                return true;
            case "error":
                status = BackendStatus.Error;
                return true;
            default:
                status = BackendStatus.Offline;
                return false;
        }
    }
}
