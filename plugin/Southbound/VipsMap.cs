using System.Collections.Immutable;
using System.Text;
using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>
/// The vips pairs of the Load_Balancer row being read: loaded from the row's previous version, then
/// replaced by a full map or changed by an update2 map diff (a key with the same value is removed,
/// with another value replaced, a new key added). Reused from row to row.
/// </summary>
internal sealed class VipsMap
{
    // Beyond this many pairs a diff looks keys up in a dictionary instead of scanning.
    private const int ScanLimit = 16;

    // Marks a pair a diff removed until the pass ends. Compared by reference: "" is a key like any other.
    private static readonly string Removed = new('\0', 1);

    private readonly List<(string Key, ulong Hash, string? Value)> _pairs = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    /// <summary>The pairs; <c>Value</c> is null for a pair carried over from the previous version unchanged.</summary>
    public IReadOnlyList<(string Key, ulong Hash, string? Value)> Pairs => _pairs;

    /// <summary>FNV-1a, 64 bits, of the value's UTF-8 text.</summary>
    public static ulong Hash(ReadOnlySpan<byte> utf8)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in utf8)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public void Load(ImmutableArray<ParsedVip> vips)
    {
        _pairs.Clear();
        foreach (var vip in vips)
        {
            _pairs.Add((vip.Key, vip.ValueHash, null));
        }
    }

    public void Read(ref RowColumns columns, bool diff)
    {
        if (!diff)
        {
            _pairs.Clear();
        }

        if (!columns.BeginMap())
        {
            return;
        }

        bool removed = false;
        while (columns.NextPair(out var keyUtf8, out var valueUtf8))
        {
            string key = Encoding.UTF8.GetString(keyUtf8);
            ulong hash = Hash(valueUtf8);
            string value = Encoding.UTF8.GetString(valueUtf8);
            int i = Find(key);
            if (!diff)
            {
                // A map has one value per key: a repeated key is not believed twice (the first stays, as
                // in OvsdbDiff), or the row would hold two entries that one diff cannot both remove.
                if (i < 0)
                {
                    Remember(key, _pairs.Count);
                    _pairs.Add((key, hash, value));
                }

                continue;
            }

            if (i < 0)
            {
                Remember(key, _pairs.Count);
                _pairs.Add((key, hash, value));
            }
            else if (_pairs[i].Hash == hash)
            {
                _pairs[i] = (Removed, 0, null);
                _positions.Remove(key);
                removed = true;
            }
            else
            {
                _pairs[i] = (key, hash, value);
            }
        }

        if (removed)
        {
            _pairs.RemoveAll(p => ReferenceEquals(p.Key, Removed));
        }

        _positions.Clear();
    }

    private int Find(string key)
    {
        if (_pairs.Count <= ScanLimit && _positions.Count == 0)
        {
            for (int i = 0; i < _pairs.Count; i++)
            {
                if (string.Equals(_pairs[i].Key, key, StringComparison.Ordinal) && !ReferenceEquals(_pairs[i].Key, Removed))
                {
                    return i;
                }
            }

            return -1;
        }

        if (_positions.Count == 0)
        {
            for (int i = 0; i < _pairs.Count; i++)
            {
                if (!ReferenceEquals(_pairs[i].Key, Removed))
                {
                    _positions.TryAdd(_pairs[i].Key, i);
                }
            }
        }

        return _positions.GetValueOrDefault(key, -1);
    }

    private void Remember(string key, int position)
    {
        if (_positions.Count > 0)
        {
            _positions[key] = position;
        }
    }
}
