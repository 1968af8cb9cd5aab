using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Support;

/// <summary>OVSDB values and columns written in a test, as the generic decoder would hand them over.</summary>
internal static class TestValues
{
    public static OvsdbValue StringValue(string value) => OvsdbValue.FromAtom(OvsdbAtom.FromString(value));

    public static OvsdbValue Integer(long value) => OvsdbValue.FromAtom(OvsdbAtom.FromInteger(value));

    /// <summary>A map of strings to strings, the type of every map column ExaHealth reads.</summary>
    public static OvsdbValue Map(params (string Key, string Value)[] pairs) =>
        OvsdbValue.FromMap([.. pairs.Select(p => new KeyValuePair<OvsdbAtom, OvsdbAtom>(OvsdbAtom.FromString(p.Key), OvsdbAtom.FromString(p.Value)))]);

    public static ColumnValue Column(string column, string value) => new(column, StringValue(value));
}
