using System.Collections.Immutable;

namespace ExaHealth.Ovsdb;

/// <summary>
/// A column value as RFC 7047 section 5.1 encodes it: a set of atoms (a bare atom on the wire is a
/// one-element set, which also covers scalar columns) or a map of atom pairs. Without the schema
/// a bare atom and a one-element set cannot be told apart, so both are a set here and the
/// consumer, which knows the column, reads it as it should.
/// </summary>
internal sealed class OvsdbValue
{
    public static readonly OvsdbValue EmptySet = new(ImmutableArray<OvsdbAtom>.Empty, default);
    public static readonly OvsdbValue EmptyMap = new(default, ImmutableArray<KeyValuePair<OvsdbAtom, OvsdbAtom>>.Empty);

    private OvsdbValue(ImmutableArray<OvsdbAtom> atoms, ImmutableArray<KeyValuePair<OvsdbAtom, OvsdbAtom>> pairs)
    {
        Atoms = atoms;
        Pairs = pairs;
    }

    public bool IsMap => !Pairs.IsDefault;

    /// <summary>Elements of a set (empty for a map).</summary>
    public ImmutableArray<OvsdbAtom> Atoms { get; }

    /// <summary>Pairs of a map (default for a set).</summary>
    public ImmutableArray<KeyValuePair<OvsdbAtom, OvsdbAtom>> Pairs { get; }

    public static OvsdbValue FromAtom(OvsdbAtom atom) => new([atom], default);

    public static OvsdbValue FromSet(ImmutableArray<OvsdbAtom> atoms) => atoms.IsEmpty ? EmptySet : new(atoms, default);

    public static OvsdbValue FromMap(ImmutableArray<KeyValuePair<OvsdbAtom, OvsdbAtom>> pairs) =>
        pairs.IsEmpty ? EmptyMap : new(default, pairs);

    /// <summary>
    /// The single atom of a scalar or optional column; null when the set is empty. A map or a
    /// set of several atoms has no single value and also gives null.
    /// </summary>
    public OvsdbAtom? Single => !IsMap && Atoms.Length == 1 ? Atoms[0] : null;

    /// <summary>Treats an empty set as an empty map: ovsdb-server omits or empties map columns as <c>["set",[]]</c> in some paths.</summary>
    public ImmutableArray<KeyValuePair<OvsdbAtom, OvsdbAtom>> PairsOrEmpty => IsMap ? Pairs : [];
}
