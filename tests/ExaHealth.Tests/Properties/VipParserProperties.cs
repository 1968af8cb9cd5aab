using System.Net;
using System.Text;
using CsCheck;
using ExaHealth.Southbound;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// Load_Balancer.vips entries: any key and value give a result, never an exception; an accepted
/// entry is consistent (one family, ports on all or none) and reads back the same when written
/// out; a generated valid entry is read with exactly its backends; one bad backend refuses the entry.
/// </summary>
[TestClass]
internal sealed class VipParserProperties
{
    /// <summary>A VIP endpoint and its backends, as written, in one family and with or without ports throughout.</summary>
    private static readonly Gen<(string Key, string Value, ServiceEndpoint Vip, ServiceEndpoint[] Backends)> ValidEntry =
        from v6 in Gen.Bool
        let addresses = Endpoints.Written(v6 ? Endpoints.V6 : Endpoints.V4)
        from withPort in Gen.Bool
        let port = withPort ? Gen.Int[1, 65535] : Gen.Const(0)
        from vip in Gen.Select(addresses, port)
        from backends in Gen.Select(addresses, port).Array[0, 6]
        from empties in Gen.Int[0, 3].Array[backends.Length + 1]
        select (
            Endpoints.Format(vip.Item1.Text, v6, vip.Item2),
            Join(backends.Select(b => Endpoints.Format(b.Item1.Text, v6, b.Item2)).ToArray(), empties),
            Endpoint(vip.Item1.Address, vip.Item2),
            backends.Select(b => Endpoint(b.Item1.Address, b.Item2)).ToArray());

    [TestMethod]
    public void TryParseEntry_GeneratedEntry_AcceptedWithExactlyItsBackends()
    {
        ValidEntry.Sample(e =>
        {
            Assert.IsTrue(VipParser.TryParseEntry(e.Key, e.Value, out var entry, out var error), error);

            Assert.AreEqual(e.Vip, entry.Vip);
            CollectionAssert.AreEqual(e.Backends, entry.Backends.ToArray());
            Assert.IsNull(error);
        }, iter: 1500, print: e => $"{e.Key} => {e.Value}");
    }

    [TestMethod]
    public void TryParseEntry_OneBadBackend_RefusesTheEntry()
    {
        Gen.Select(ValidEntry, Gen.Int[0, 100], EndpointParserProperties.NearEndpoint).Sample((e, at, bad) =>
        {
            var items = e.Value.Split(',').ToList();
            items.Insert(at % (items.Count + 1), bad);
            var value = string.Join(",", items);
            bool badIsBackend = bad.Length == 0 || bad.Split(',').All(b => b.Length == 0 || IsBackendOf(e.Key, b));

            Assert.AreEqual(badIsBackend, VipParser.TryParseEntry(e.Key, value, out _, out var error), $"{e.Key} => {value}: {error}");
        }, iter: 1500, print: t => $"{t.Item1.Key} => {t.Item1.Value} with {t.Item3}");
    }

    [TestMethod]
    public void TryParseEntry_AnyText_ConsistentEntryThatRoundTrips()
    {
        var list = EndpointParserProperties.NearEndpoint.Array[0, 4].Select(p => string.Join(",", p));
        var mutated = Mutator.Of([.. Tests.Support.Fixtures.Names.SelectMany(n => new[] { "10.0.0.10:80", "10.10.10.226:80,10.10.10.227:80", "[fd00::10]:80", "[fd10::226]:80,[fd10::227]:80" })
            .Distinct().Select(Encoding.UTF8.GetBytes)]).Select(m => Encoding.Latin1.GetString(m.Bytes));
        var text = Gen.OneOf<string>(list, mutated, Gen.String);
        Gen.Select(Gen.OneOf<string>(EndpointParserProperties.NearEndpoint, mutated), text).Sample((key, value) =>
        {
            if (!VipParser.TryParseEntry(key, value, out var entry, out var error))
            {
                Assert.IsFalse(string.IsNullOrEmpty(error));
                Assert.IsFalse(error.Any(char.IsControl), "the reason is logged as one line");
                return;
            }

            Assert.IsTrue(entry.Backends.All(b => b.Address.IsV6 == entry.Vip.Address.IsV6 && (b.Port == 0) == (entry.Vip.Port == 0)));
            Assert.IsTrue(entry.Backends.Append(entry.Vip).All(b => b.Port is >= 0 and <= 65535));
            var writtenKey = Endpoints.Format(entry.Vip);
            var writtenValue = string.Join(",", entry.Backends.Select(Endpoints.Format));
            Assert.IsTrue(VipParser.TryParseEntry(writtenKey, writtenValue, out var again, out _), $"{writtenKey} => {writtenValue}");
            Assert.AreEqual(entry.Vip, again.Vip);
            CollectionAssert.AreEqual(entry.Backends.ToArray(), again.Backends.ToArray());
        }, iter: 3000, print: t => $"{ExaHealth.Text.Printable.Of(t.Item1, 200)} => {ExaHealth.Text.Printable.Of(t.Item2, 200)}");
    }

    [TestMethod]
    public void TryParseEntry_HugeBackendList_AllRead()
    {
        Gen.Int[10_000, 60_000].Sample(count =>
        {
            var value = string.Join(",", Enumerable.Range(0, count).Select(i => $"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}:80"));

            Assert.IsTrue(VipParser.TryParseEntry("10.0.0.10:80", value, out var entry, out _));
            Assert.HasCount(count, entry.Backends);
        }, iter: 5);
    }

    private static bool IsBackendOf(string key, string backend) =>
        EndpointParser.TryParseEndpoint(key, out var vip) && EndpointParser.TryParseEndpoint(backend, out var b)
        && b.Address.IsV6 == vip.Address.IsV6 && (b.Port == 0) == (vip.Port == 0);

    private static ServiceEndpoint Endpoint(IPAddress address, int port) => new(IpKey.From(address), port);

    /// <summary>The items joined by commas, with the given number of empty items before each (OVN skips them).</summary>
    private static string Join(string[] items, int[] empties) =>
        string.Concat(items.Select((item, i) => new string(',', empties[i]) + item + ",")) + new string(',', empties[^1]);
}
