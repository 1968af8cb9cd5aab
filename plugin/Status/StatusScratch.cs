using System.Buffers.Binary;
using System.Net;

namespace ExaHealth.Status;

/// <summary>
/// Collections a status build reuses from one write to the next: at 10,000 VIPs each is large
/// enough for the large-object heap, where garbage waits for a full collection. Addresses are
/// kept with their numeric value, so that sorting them costs no allocation.
/// </summary>
internal sealed class StatusScratch
{
    private const int MaxReasons = 4096;

    private readonly List<(uint Key, IPAddress Address)> _v4 = [];
    private readonly List<(UInt128 Key, IPAddress Address)> _v6 = [];
    private readonly Dictionary<IPAddress, string> _nextHops = [];
    private readonly Dictionary<string, string> _reasons = new(StringComparer.Ordinal);

    public List<VipStatus> Rows { get; } = [];

    public void Add(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        if (written == 4)
        {
            _v4.Add((BinaryPrimitives.ReadUInt32BigEndian(bytes), address));
        }
        else
        {
            _v6.Add((BinaryPrimitives.ReadUInt128BigEndian(bytes), address));
        }
    }

    /// <summary>IPv4 before IPv6, each in address order.</summary>
    public IEnumerable<IPAddress> InOrder()
    {
        _v4.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        _v6.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        foreach (var (_, address) in _v4)
        {
            yield return address;
        }

        foreach (var (_, address) in _v6)
        {
            yield return address;
        }
    }

    /// <summary>Drops what the last build held (keeping the room), so it dies with the rest of its garbage.</summary>
    public void Release()
    {
        _v4.Clear();
        _v6.Clear();
        Rows.Clear();
    }

    /// <summary>A next-hop as the status shows it, formatted once per address ("self" when none).</summary>
    public string NextHop(IPAddress? address)
    {
        if (address is null)
        {
            return "self";
        }

        if (!_nextHops.TryGetValue(address, out var text))
        {
            text = address.ToString();
            _nextHops[address] = text;
        }

        return text;
    }

    /// <summary>
    /// One instance per distinct reason: rows are kept between writes, and at 10,000 VIPs most
    /// share a handful of texts ("5/5 backends online (all-offline)").
    /// </summary>
    public string Reason(string text)
    {
        if (_reasons.TryGetValue(text, out var shared))
        {
            return shared;
        }

        if (_reasons.Count >= MaxReasons)
        {
            _reasons.Clear();
        }

        _reasons[text] = text;
        return text;
    }
}
