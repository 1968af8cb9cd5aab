using ExaHealth.Ovsdb;

namespace ExaHealth.Fuzz;

/// <summary>
/// The session and replica settings one input runs with, packed in its first byte so that AFL
/// explores them together with the bytes (each monitor method reads the same JSON differently).
/// Bits 0-1 monitor method (3 is monitor_cond_since again), 2 _Server database first,
/// 3 stream the snapshot, 4 leader only, 5 Service_Monitor options, 6 external_ids (Northbound
/// on), 7 a 1 KiB message limit instead of the default.
/// </summary>
internal sealed record SessionSettings(
    MonitorMethod Method,
    bool ServerDatabase,
    bool StreamSnapshots,
    bool LeaderOnly,
    bool OvnTiming,
    bool Northbound,
    bool SmallMessages)
{
    /// <summary>Small enough to be reached by fuzzed inputs, large enough for the captured monitor reply.</summary>
    public const long SmallMessageBytes = 1024;

    public long MaxMessageBytes => SmallMessages ? SmallMessageBytes : OvsdbLimits.DefaultMaxMessageBytes;

    public static SessionSettings FromByte(byte flags) => new(
        (flags & 3) switch { 1 => MonitorMethod.Cond, 2 => MonitorMethod.Plain, _ => MonitorMethod.CondSince },
        ServerDatabase: (flags & 0x04) != 0,
        StreamSnapshots: (flags & 0x08) != 0,
        LeaderOnly: (flags & 0x10) != 0,
        OvnTiming: (flags & 0x20) != 0,
        Northbound: (flags & 0x40) != 0,
        SmallMessages: (flags & 0x80) != 0);

    public byte ToByte() => (byte)((int)Method
        | (ServerDatabase ? 0x04 : 0)
        | (StreamSnapshots ? 0x08 : 0)
        | (LeaderOnly ? 0x10 : 0)
        | (OvnTiming ? 0x20 : 0)
        | (Northbound ? 0x40 : 0)
        | (SmallMessages ? 0x80 : 0));
}
