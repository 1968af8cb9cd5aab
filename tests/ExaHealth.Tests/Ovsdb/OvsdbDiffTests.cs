using System.Collections.Immutable;
using ExaHealth.Ovsdb;
using static ExaHealth.Tests.Support.TestValues;

namespace ExaHealth.Tests.Ovsdb;

/// <summary>update2 "modify" semantics for sets (toggle) and maps (add, remove on equal value, replace).</summary>
[TestClass]
internal sealed class OvsdbDiffTests
{
    [TestMethod]
    public void ApplySet_ElementAbsent_IsAdded_ElementPresent_IsRemoved()
    {
        var old = Set("a", "b");

        var result = OvsdbDiff.ApplySet(old, Set("b", "c"));

        CollectionAssert.AreEquivalent(new[] { "a", "c" }, result.Atoms.Select(a => a.AsString()).ToArray());
    }

    [TestMethod]
    public void ApplyMap_NewKey_IsAdded()
    {
        var result = OvsdbDiff.ApplyMap(Map(("a", "1")), Map(("b", "2")));

        Assert.AreEqual("a=1,b=2", Text(result));
    }

    [TestMethod]
    public void ApplyMap_SameKeyAndValue_IsRemoved()
    {
        var result = OvsdbDiff.ApplyMap(Map(("a", "1"), ("b", "2")), Map(("a", "1")));

        Assert.AreEqual("b=2", Text(result));
    }

    [TestMethod]
    public void ApplyMap_SameKeyOtherValue_IsReplaced()
    {
        var result = OvsdbDiff.ApplyMap(Map(("a", "1"), ("b", "2")), Map(("a", "9")));

        Assert.AreEqual("a=9,b=2", Text(result));
    }

    [TestMethod]
    public void ApplyMap_EmptyDiff_KeepsTheMap()
    {
        Assert.AreEqual("a=1", Text(OvsdbDiff.ApplyMap(Map(("a", "1")), OvsdbValue.EmptyMap)));
    }

    [TestMethod]
    public void ApplyMap_AllKeysRemoved_IsEmpty()
    {
        var result = OvsdbDiff.ApplyMap(Map(("a", "1")), Map(("a", "1")));

        Assert.IsTrue(result.IsMap);
        Assert.IsEmpty(result.Pairs);
    }

    private static OvsdbValue Set(params string[] atoms) => OvsdbValue.FromSet([.. atoms.Select(OvsdbAtom.FromString)]);

    private static string Text(OvsdbValue map) => string.Join(",", map.Pairs.Select(p => $"{p.Key}={p.Value}"));
}
