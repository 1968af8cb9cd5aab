using System.Collections.Immutable;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Applies the "modify" encoding of update2/update3 (ovsdb-server(7), &lt;row-update2&gt;) to
/// set and map columns. Scalar and optional columns (max 1) carry their new value instead and
/// need no help; set columns with max &gt; 1 and map columns carry only the difference.
/// </summary>
internal static class OvsdbDiff
{
    /// <summary>Each element of the diff toggles: removed when present, added when absent.</summary>
    public static OvsdbValue ApplySet(OvsdbValue old, OvsdbValue diff)
    {
        var result = new List<OvsdbAtom>(old.Atoms.IsDefault ? [] : old.Atoms);
        foreach (var atom in diff.Atoms.IsDefault ? [] : diff.Atoms)
        {
            if (!result.Remove(atom))
            {
                result.Add(atom);
            }
        }

        return OvsdbValue.FromSet([.. result]);
    }

    /// <summary>
    /// Each pair of the diff: a new key is added; a key present with the same value is removed;
    /// a key present with another value takes the new value.
    /// </summary>
    public static OvsdbValue ApplyMap(OvsdbValue old, OvsdbValue diff)
    {
        var result = new Dictionary<OvsdbAtom, OvsdbAtom>();
        var order = new List<OvsdbAtom>();
        foreach (var (key, value) in old.PairsOrEmpty)
        {
            if (result.TryAdd(key, value))
            {
                order.Add(key);
            }
        }

        foreach (var (key, value) in diff.PairsOrEmpty)
        {
            if (!result.TryGetValue(key, out var existing))
            {
                result.Add(key, value);
                order.Add(key);
            }
            else if (existing == value)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = value;
            }
        }

        var pairs = ImmutableArray.CreateBuilder<KeyValuePair<OvsdbAtom, OvsdbAtom>>(result.Count);
        var seen = new HashSet<OvsdbAtom>();
        foreach (var key in order)
        {
            if (result.TryGetValue(key, out var value) && seen.Add(key))
            {
                pairs.Add(new(key, value));
            }
        }

        return OvsdbValue.FromMap(pairs.DrainToImmutable());
    }
}
