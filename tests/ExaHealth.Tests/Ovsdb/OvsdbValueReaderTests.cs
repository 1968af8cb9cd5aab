using System.Text;
using System.Text.Json;
using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Ovsdb;

[TestClass]
internal sealed class OvsdbValueReaderTests
{
    [TestMethod]
    [DataRow("\"offline\"", "offline")]
    [DataRow("80", "80")]
    [DataRow("-3", "-3")]
    [DataRow("true", "true")]
    [DataRow("false", "false")]
    [DataRow("[\"uuid\",\"3f3e18b5-76a0-4b90-9d13-727224458380\"]", "3f3e18b5-76a0-4b90-9d13-727224458380")]
    public void ReadValue_BareAtom_IsOneElementSet(string json, string expected)
    {
        var value = Read(json);

        Assert.IsFalse(value.IsMap);
        Assert.HasCount(1, value.Atoms);
        Assert.AreEqual(expected, value.Single!.Value.ToString());
    }

    [TestMethod]
    public void ReadValue_Atoms_KeepTheirType()
    {
        Assert.AreEqual(80L, Read("80").Single!.Value.AsInteger());
        Assert.AreEqual(1.5, Read("1.5").Single!.Value.AsReal());
        Assert.IsTrue(Read("true").Single!.Value.AsBoolean());
        Assert.AreEqual("tcp", Read("\"tcp\"").Single!.Value.AsString());
        Assert.IsNull(Read("80").Single!.Value.AsString(), "an integer is not read as a string");
        Assert.AreEqual(Guid.Parse("3f3e18b5-76a0-4b90-9d13-727224458380"),
            Read("[\"uuid\",\"3f3e18b5-76a0-4b90-9d13-727224458380\"]").Single!.Value.AsUuid());
    }

    [TestMethod]
    public void ReadValue_EmptySet_HasNoSingleValue()
    {
        var value = Read("[\"set\",[]]");

        Assert.IsEmpty(value.Atoms);
        Assert.IsNull(value.Single);
    }

    [TestMethod]
    public void ReadValue_Set_ReadsEveryAtom()
    {
        var value = Read("[\"set\",[\"a\",\"b\",[\"uuid\",\"00000000-0000-0000-0000-000000000001\"]]]");

        Assert.HasCount(3, value.Atoms);
        Assert.IsNull(value.Single, "several atoms have no single value");
        Assert.AreEqual(OvsdbAtomType.Uuid, value.Atoms[2].Type);
    }

    [TestMethod]
    public void ReadValue_Map_ReadsPairsInOrder()
    {
        var value = Read("[\"map\",[[\"10.0.0.10:80\",\"10.10.10.226:80\"],[\"k\",1]]]");

        Assert.IsTrue(value.IsMap);
        Assert.HasCount(2, value.Pairs);
        Assert.AreEqual("10.0.0.10:80", value.Pairs[0].Key.AsString());
        Assert.AreEqual(1L, value.Pairs[1].Value.AsInteger());
    }

    [TestMethod]
    public void ReadValue_EmptyMap_IsAMap()
    {
        var value = Read("[\"map\",[]]");

        Assert.IsTrue(value.IsMap);
        Assert.IsEmpty(value.Pairs);
    }

    [TestMethod]
    [DataRow("[\"list\",[]]")]
    [DataRow("[\"set\",\"a\"]")]
    [DataRow("[\"set\",[[\"set\",[]]]]")]
    [DataRow("[\"map\",[[\"a\"]]]")]
    [DataRow("[\"map\",[[\"a\",\"b\",\"c\"]]]")]
    [DataRow("[\"map\",[\"a\"]]")]
    [DataRow("[\"uuid\",\"not-a-uuid\"]")]
    [DataRow("[\"uuid\",\"3f3e18b5-76a0-4b90-9d13-727224458380\",1]")]
    [DataRow("[\"named-uuid\",\"row\"]")]
    [DataRow("[1,2]")]
    [DataRow("{\"a\":1}")]
    [DataRow("null")]
    public void ReadValue_NotOvsdbNotation_Throws(string json)
    {
        Assert.ThrowsExactly<OvsdbProtocolException>(() => Read(json));
    }

    private static OvsdbValue Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        var value = OvsdbValueReader.ReadValue(ref reader);
        Assert.IsFalse(reader.Read(), "the reader stops on the value's last token");
        return value;
    }
}
