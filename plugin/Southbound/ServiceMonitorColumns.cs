using System.Text;
using ExaHealth.Ovsdb;
using ExaHealth.Text;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Southbound;

/// <summary>
/// Reads the Service_Monitor columns a backend is keyed and counted by, straight from the message.
/// A value that does not parse is logged with its row and read as "no key" (or offline, for a
/// status), so one bad row never costs the others.
/// </summary>
internal static class ServiceMonitorColumns
{
    public static MonitorRow ReadAddress(ILogger logger, Guid uuid, ref RowColumns columns, MonitorRow row)
    {
        var shape = columns.ReadString(out var utf8);
        if (shape == ValueShape.Present && EndpointParser.TryParseAddress(utf8, out var address))
        {
            return row with { Address = address, HasAddress = true };
        }

        string text = shape == ValueShape.WrongType ? SouthboundColumns.NotAString : Encoding.UTF8.GetString(utf8);
        SouthboundLog.RowSkipped(logger, SouthboundSchema.ServiceMonitor, uuid, $"ip \"{Printable.Of(text)}\" is not an IP address");
        return row with { Address = default, HasAddress = false };
    }

    public static ushort ReadPort(ILogger logger, Guid uuid, ref RowColumns columns)
    {
        var shape = columns.ReadInteger(out long port);
        if (shape == ValueShape.Present && port is >= 0 and <= 65535)
        {
            // Port 0: a check without a port (OVN 26.03's icmp rows), not a backend; no key, no warning.
            return (ushort)port;
        }

        string text = shape switch { ValueShape.Present => port.ToString(System.Globalization.CultureInfo.InvariantCulture), ValueShape.Empty => "(empty)", _ => "(not an integer)" };
        SouthboundLog.RowSkipped(logger, SouthboundSchema.ServiceMonitor, uuid, $"port {text} is not 1-65535");
        return 0;
    }

    public static BackendProtocol? ReadProtocol(ILogger logger, Guid uuid, ref RowColumns columns)
    {
        var shape = columns.ReadString(out var utf8);
        if (shape != ValueShape.WrongType && SouthboundColumns.TryProtocol(utf8, out var protocol))
        {
            return protocol;
        }

        if (shape == ValueShape.Present && (utf8.SequenceEqual("icmp"u8) || utf8.SequenceEqual("icmp6"u8)))
        {
            // OVN 26.03's logical-switch-port and network-function checks: never a load-balancer backend.
            return null;
        }

        string text = shape == ValueShape.WrongType ? SouthboundColumns.NotAString : Encoding.UTF8.GetString(utf8);
        SouthboundLog.RowSkipped(logger, SouthboundSchema.ServiceMonitor, uuid, $"protocol \"{Printable.Of(text)}\" is not tcp, udp or sctp");
        return null;
    }

    public static BackendStatus ReadStatus(ILogger logger, Guid uuid, ref RowColumns columns)
    {
        var shape = columns.ReadString(out var utf8);
        if (shape == ValueShape.Empty)
        {
            return BackendStatus.Unset;
        }

        if (shape == ValueShape.Present && SouthboundColumns.TryStatus(utf8, out var status))
        {
            return status;
        }

        SouthboundLog.UnknownStatus(logger, uuid, Printable.Of(shape == ValueShape.WrongType ? SouthboundColumns.NotAString : Encoding.UTF8.GetString(utf8)));
        return BackendStatus.Offline;
    }

    /// <summary>logical_port, or null when the row names none.</summary>
    public static string? ReadLogicalPort(ref RowColumns columns) =>
        columns.ReadString(out var port) == ValueShape.Present && port.Length > 0 ? Encoding.UTF8.GetString(port) : null;
}
