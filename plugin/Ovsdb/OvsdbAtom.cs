using System.Globalization;

namespace ExaHealth.Ovsdb;

/// <summary>One RFC 7047 atom (section 5.1 &lt;atom&gt;): string, integer, real, boolean or uuid.</summary>
internal readonly struct OvsdbAtom : IEquatable<OvsdbAtom>
{
    private readonly string? _string;
    private readonly long _bits;
    private readonly Guid _uuid;

    private OvsdbAtom(OvsdbAtomType type, string? text, long bits, Guid uuid)
    {
        Type = type;
        _string = text;
        _bits = bits;
        _uuid = uuid;
    }

    public OvsdbAtomType Type { get; }

    public static OvsdbAtom FromString(string value) => new(OvsdbAtomType.String, value, 0, default);

    public static OvsdbAtom FromInteger(long value) => new(OvsdbAtomType.Integer, null, value, default);

    public static OvsdbAtom FromReal(double value) => new(OvsdbAtomType.Real, null, BitConverter.DoubleToInt64Bits(value), default);

    public static OvsdbAtom FromBoolean(bool value) => new(OvsdbAtomType.Boolean, null, value ? 1 : 0, default);

    public static OvsdbAtom FromUuid(Guid value) => new(OvsdbAtomType.Uuid, null, 0, value);

    /// <summary>The string, or null when the atom is of another type (so a wrongly typed column is skipped, not misread).</summary>
    public string? AsString() => Type == OvsdbAtomType.String ? _string : null;

    public long? AsInteger() => Type == OvsdbAtomType.Integer ? _bits : null;

    public double? AsReal() => Type == OvsdbAtomType.Real ? BitConverter.Int64BitsToDouble(_bits) : null;

    public bool? AsBoolean() => Type == OvsdbAtomType.Boolean ? _bits != 0 : null;

    public Guid? AsUuid() => Type == OvsdbAtomType.Uuid ? _uuid : null;

    public bool Equals(OvsdbAtom other) =>
        Type == other.Type && _bits == other._bits && _uuid == other._uuid && string.Equals(_string, other._string, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is OvsdbAtom other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, _string, _bits, _uuid);

    public static bool operator ==(OvsdbAtom left, OvsdbAtom right) => left.Equals(right);

    public static bool operator !=(OvsdbAtom left, OvsdbAtom right) => !left.Equals(right);

    /// <summary>Diagnostic form only; never used to build commands.</summary>
    public override string ToString() => Type switch
    {
        OvsdbAtomType.String => _string ?? string.Empty,
        OvsdbAtomType.Integer => _bits.ToString(CultureInfo.InvariantCulture),
        OvsdbAtomType.Real => BitConverter.Int64BitsToDouble(_bits).ToString(CultureInfo.InvariantCulture),
        OvsdbAtomType.Boolean => _bits != 0 ? "true" : "false",
        _ => _uuid.ToString(),
    };
}
