using System.Net;
using ExaHealth.Routes;
using ExaHealth.State;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.State;

/// <summary>The state file on a real temporary directory (files are the edge this class owns).</summary>
[TestClass]
internal sealed class AnnouncedStoreTests : IDisposable
{
    private static readonly RouteAttributes Attributes = new() { NextHop = new NextHop(IPAddress.Parse("192.0.2.10")), Med = 5, Neighbors = [IPAddress.Parse("127.0.0.3")] };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "exahealth-state-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _log = new();

    public void Dispose()
    {
        if (File.Exists(_dir))
        {
            File.Delete(_dir);
        }

        if (Directory.Exists(_dir))
        {
            File.SetUnixFileMode(_dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Directory.Delete(_dir, recursive: true);
        }
    }

    [TestMethod]
    public void BeforeSend_NewPrefix_WrittenAndLoadedBackWithWhatAWithdrawNeeds()
    {
        var store = new AnnouncedStore(_dir, _time, _log);
        store.BeforeSend([Announce("10.0.0.10"), Announce("fd00::10")]);

        var loaded = new AnnouncedStore(_dir, _time, _log).Load();

        Assert.HasCount(2, loaded);
        var route = loaded.Single(r => r.Prefix.ToString() == "10.0.0.10/32");
        Assert.AreEqual(Attributes.NextHop, route.Attributes.NextHop);
        CollectionAssert.AreEqual(Attributes.Neighbors.ToArray(), route.Attributes.Neighbors.ToArray());
    }

    [TestMethod]
    public void BeforeSend_JournalLines_AreCompactJsonOnePerRoute()
    {
        var store = new AnnouncedStore(_dir, _time, _log);
        store.BeforeSend([Announce("10.0.0.10"), Announce("fd00::10")]);

        var expected = "{\"added\":{\"prefix\":\"10.0.0.10/32\",\"nextHop\":\"192.0.2.10\",\"neighbors\":[\"127.0.0.3\"]}}\n"
            + "{\"added\":{\"prefix\":\"fd00::10/128\",\"nextHop\":\"192.0.2.10\",\"neighbors\":[\"127.0.0.3\"]}}\n";
        Assert.AreEqual(expected, File.ReadAllText(store.JournalPath));
    }

    [TestMethod]
    public void BeforeSend_Withdraws_DoNotShrinkTheFile_CompactDoes()
    {
        var store = new AnnouncedStore(_dir, _time, _log);
        store.BeforeSend([Announce("10.0.0.10"), Announce("10.0.0.11")]);

        store.BeforeSend([new RouteChange(RouteChangeKind.Withdraw, Route("10.0.0.10"))]);
        Assert.HasCount(2, new AnnouncedStore(_dir, _time, _log).Load(), "the withdraw may not have reached ExaBGP yet");

        Compact(store, Route("10.0.0.11"));
        Assert.AreEqual("10.0.0.11/32", new AnnouncedStore(_dir, _time, _log).Load().Single().Prefix.ToString());
    }

    [TestMethod]
    public void BeforeSend_KnownPrefixAgain_WritesNothing()
    {
        var store = new AnnouncedStore(_dir, _time, _log);
        store.BeforeSend([Announce("10.0.0.10")]);
        long length = new FileInfo(store.JournalPath).Length;

        store.BeforeSend([Announce("10.0.0.10")]);

        Assert.AreEqual(length, new FileInfo(store.JournalPath).Length);
    }

    [TestMethod]
    public void BeforeSend_OneLinePerNewRoute_WhateverTheSetSize()
    {
        var store = new AnnouncedStore(_dir, _time, _log);
        store.BeforeSend([.. Enumerable.Range(0, 500).Select(i => Announce($"10.0.{1 + (i / 250)}.{i % 250}"))]);
        long before = new FileInfo(store.JournalPath).Length;

        store.BeforeSend([Announce("10.0.9.1")]);

        Assert.IsLessThan(200L, new FileInfo(store.JournalPath).Length - before, "a line, not the set again");
        Assert.IsFalse(File.Exists(store.FilePath), "no snapshot until the journal is long");
    }

    [TestMethod]
    public void Compact_LongJournal_RewritesTheSnapshotAndStartsAFreshJournal()
    {
        var store = new AnnouncedStore(_dir, _time, _log);
        for (int round = 0; round < 6; round++)
        {
            store.BeforeSend([.. Enumerable.Range(0, 200).Select(i => Announce($"10.0.{round}.{i}"))]);
            Compact(store, [.. Enumerable.Range(0, 200).Select(i => Route($"10.0.{round}.{i}"))]);
        }

        Assert.IsTrue(File.Exists(store.FilePath), "rewritten once the journal outgrew the set");
        Assert.IsLessThanOrEqualTo(1024, File.ReadAllLines(store.JournalPath).Length);
        var loaded = new AnnouncedStore(_dir, _time, _log).Load();
        Assert.HasCount(200, loaded);
        Assert.IsTrue(loaded.All(r => r.Prefix.ToString().StartsWith("10.0.5.", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Load_SnapshotThenJournal_LastWordWins_CutLineSkipped()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "announced.json"), """
            {"version":1,"routes":[{"prefix":"10.0.0.10/32","nextHop":"self","neighbors":[]},{"prefix":"10.0.0.11/32","nextHop":"self","neighbors":[]}]}
            """);
        File.WriteAllText(Path.Combine(_dir, "announced.journal"),
            "{\"removed\":\"10.0.0.10/32\"}\n{\"added\":{\"prefix\":\"10.0.0.12/32\",\"nextHop\":\"192.0.2.1\",\"neighbors\":[]}}\n{\"added\":{\"prefix\":\"10.0.0.13/3");

        var loaded = new AnnouncedStore(_dir, _time, _log).Load();

        CollectionAssert.AreEquivalent(new[] { "10.0.0.11/32", "10.0.0.12/32" }, loaded.Select(r => r.Prefix.ToString()).ToArray());
        StringAssert.Contains(_log.Entries.Single(e => e.Message.Contains("journal", StringComparison.Ordinal)).Message, "1 journal lines did not parse");
    }

    [TestMethod]
    public void Load_MissingFile_IsEmptyAndQuiet()
    {
        Assert.IsEmpty(new AnnouncedStore(_dir, _time, _log).Load());
        Assert.IsEmpty(_log.Entries);
    }

    [TestMethod]
    public void Load_CorruptFile_IsLoggedNotThrown()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "announced.json"), "{ not json");

        Assert.IsEmpty(new AnnouncedStore(_dir, _time, _log).Load());
        StringAssert.Contains(_log.Entries.Single().Message, "cannot read it");
    }

    [TestMethod]
    public void Load_EntriesThatDoNotParse_AreSkipped()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "announced.json"), """
            {"version":1,"routes":[
              {"prefix":"10.0.0.10/32","nextHop":"self","neighbors":[]},
              {"prefix":"10.0.0.0/24","nextHop":"self","neighbors":[]},
              {"prefix":"10.0.0.11/32\nannounce route 0.0.0.0/0","nextHop":"self","neighbors":[]},
              {"prefix":"10.0.0.12/32","nextHop":"1.2.3.4 med 1","neighbors":[]},
              {"prefix":"10.0.0.13/32","nextHop":"self","neighbors":["x"]}]}
            """);

        var loaded = new AnnouncedStore(_dir, _time, _log).Load();

        Assert.AreEqual("10.0.0.10/32", loaded.Single().Prefix.ToString());
        Assert.IsTrue(loaded.Single().Attributes.NextHop.IsSelf);
    }

    [TestMethod]
    [DataRow("routes")]
    [DataRow("Routes")]
    public void Load_NullEntry_SkippedWithOneWarning(string member)
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "announced.json"), $$"""{"{{member}}":[null,{"prefix":"10.0.0.10/32","nextHop":"self","neighbors":[]}]}""");

        var loaded = new AnnouncedStore(_dir, _time, _log).Load();

        Assert.AreEqual("10.0.0.10/32", loaded.Single().Prefix.ToString());
        StringAssert.Contains(_log.Entries.Single(e => e.Level == LogLevel.Warning).Message, "1 entries did not parse and were skipped");
    }

    [TestMethod]
    public void Load_EntriesOfTheWrongType_SkippedTheOthersKept()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "announced.json"), """
            {"version":1,"routes":[
              7,
              {"prefix":5,"nextHop":"self","neighbors":[]},
              {"prefix":"10.0.0.10/32","nextHop":"self","neighbors":[]},
              {"prefix":"10.0.0.11/32","nextHop":"self","neighbors":"x"}]}
            """);

        var loaded = new AnnouncedStore(_dir, _time, _log).Load();

        Assert.AreEqual("10.0.0.10/32", loaded.Single().Prefix.ToString());
        StringAssert.Contains(_log.Entries.Single(e => e.Level == LogLevel.Warning).Message, "3 entries did not parse and were skipped");
    }

    [TestMethod]
    public void BeforeSend_UnusableDirectory_LogsOncePerMinuteAndGoesOn()
    {
        // A file where the directory should be: unusable even for root, who ignores file modes.
        File.WriteAllText(_dir, "not a directory");
        var store = new AnnouncedStore(Path.Combine(_dir, "sub"), _time, _log);

        store.BeforeSend([Announce("10.0.0.10")]);
        store.BeforeSend([Announce("10.0.0.11")]);
        _time.Advance(TimeSpan.FromMinutes(1));
        store.BeforeSend([Announce("10.0.0.12")]);

        Assert.HasCount(2, _log.Entries.Where(e => e.Message.Contains("cannot write it", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void EnsureDirectory_CreatesSearchableDirectoryWhateverTheUmask()
    {
        var nested = Path.Combine(_dir, "a");

        AtomicFile.EnsureDirectory(nested);

        Assert.IsTrue(File.GetUnixFileMode(nested).HasFlag(UnixFileMode.UserExecute));
    }

    private static Route Route(string address) => new(HostPrefix.For(IPAddress.Parse(address)), Attributes);

    private static RouteChange Announce(string address) => new(RouteChangeKind.Announce, Route(address));

    private static void Compact(AnnouncedStore store, params Route[] announced) =>
        store.Compact(announced, prefix => announced.FirstOrDefault(r => r.Prefix == prefix));
}
