using System.Text;
using System.Text.Json;
using CsCheck;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// RFC 7047 section 5.1 values: whatever is written in the notation reads back as the same value,
/// and any other JSON in a monitored column is refused by the check or read by every reader.
/// </summary>
[TestClass]
internal sealed class OvsdbValueProperties
{
    private static readonly Gen<OvsdbAtom> Atom = Gen.OneOf<OvsdbAtom>(
        Gen.String.Select(OvsdbAtom.FromString),
        Gen.Long.Select(OvsdbAtom.FromInteger),
        Gen.Double.Where(d => double.IsFinite(d) && !double.IsInteger(d)).Select(OvsdbAtom.FromReal),
        Gen.Bool.Select(OvsdbAtom.FromBoolean),
        Gen.Guid.Select(OvsdbAtom.FromUuid));

    private static readonly Gen<OvsdbValue> Value = Gen.OneOf<OvsdbValue>(
        Atom.Array[0, 4].Select(a => OvsdbValue.FromSet([.. a])),
        Gen.Select(Atom, Atom).Array[0, 4].Select(p => OvsdbValue.FromMap([.. p.Select(kv => new KeyValuePair<OvsdbAtom, OvsdbAtom>(kv.Item1, kv.Item2))])));

    private static readonly string[] Columns = [.. TestUpdates.Request.Find(SouthboundSchema.ServiceMonitor)!.Columns];

    [TestMethod]
    public void Decode_WrittenValues_ReadBackEqual()
    {
        Gen.Select(Gen.Guid, Value.Array[Columns.Length]).Sample((uuid, values) =>
        {
            var columns = Columns.Zip(values, (c, v) => new ColumnValue(c, v)).ToArray();
            var data = TestUpdates.Of([new TableUpdate(SouthboundSchema.ServiceMonitor, [new RowUpdate(uuid, RowChangeKind.Initial, columns)])]).Check();

            var row = data.Decode().Single().Rows.Single();

            Assert.AreEqual(uuid, row.Uuid);
            Assert.AreEqual(Describe(columns), Describe(row.Columns), Encoding.UTF8.GetString(data.Json.Span));
        }, iter: 500);
    }

    [TestMethod]
    public void ReadValue_AnyJsonValue_ValueOrProtocolError()
    {
        JsonTexts.Value.Sample(json =>
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            reader.Read();
            try
            {
                var value = OvsdbValueReader.ReadValue(ref reader);
                Assert.IsTrue(value.IsMap || !value.Atoms.IsDefault);
            }
            catch (OvsdbProtocolException)
            {
                // Not a <value>: the caller refuses the message.
            }
        }, iter: 500);
    }

    [TestMethod]
    public void Check_AnyJsonInMonitoredColumns_RefusedWholeOrReadableByEveryReader()
    {
        var valueOrNotation = Gen.Frequency<string>(
            (2, JsonTexts.Value),
            (1, Gen.Select(Gen.OneOf<string>("set", "map", "uuid", "named-uuid", "other"), JsonTexts.Value.Array[0, 3], (tag, rest) =>
                "[\"" + tag + "\"" + string.Concat(rest.Select(r => "," + r)) + "]")));
        Gen.Select(Gen.OneOf<string>(Columns).Array[1, 4], valueOrNotation.Array[4], Gen.Bool).Sample((columns, values, version1) =>
        {
            var row = string.Join(",", columns.Select((c, i) => $"\"{c}\":{values[i]}"));
            var json = version1
                ? "{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":{\"new\":{" + row + "}}}}"
                : "{\"Service_Monitor\":{\"00000000-0000-0000-0000-000000000001\":{\"initial\":{" + row + "}}}}";
            var data = new TableUpdatesData(TestUpdates.Request, Encoding.UTF8.GetBytes(json), version1);
            try
            {
                data.Check();
            }
            catch (OvsdbProtocolException)
            {
                return;
            }

            Assert.HasCount(1, data.Decode().Single().Rows);
            new SouthboundReplica(LoadBalancerFilter.All, NullLogger.Instance, trackOvnTiming: true).Apply(data, snapshot: true, touched: null);
        }, iter: 800);
    }

    /// <summary>Values as text, a bare atom and a one-atom set being the same value (the notation cannot tell them apart).</summary>
    private static string Describe(IEnumerable<ColumnValue> columns) => string.Join("\n", columns.Select(c =>
        c.Column + "=" + (c.Value.IsMap
            ? "map " + string.Join(",", c.Value.Pairs.Select(p => Text(p.Key) + ":" + Text(p.Value)))
            : "set " + string.Join(",", c.Value.Atoms.Select(Text)))));

    private static string Text(OvsdbAtom atom) => $"{atom.Type}({JsonSerializer.Serialize(atom.ToString())})";
}
