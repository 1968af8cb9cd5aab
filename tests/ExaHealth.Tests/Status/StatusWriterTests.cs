using System.Net;
using System.Text.Json;
using ExaHealth.Status;
using ExaHealth.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace ExaHealth.Tests.Status;

/// <summary>The status and metrics files, written straight into the file: what the status verb and node_exporter read.</summary>
[TestClass]
internal sealed class StatusWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("exahealth-status-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    [DataRow(0)]
    [DataRow(3)]
    [DataRow(2000)]
    public void Write_StatusFile_ReadsBackAsWritten(int vips)
    {
        var report = Report(vips);
        string file = Path.Combine(_directory, "status.json");

        new StatusWriter(file, null, new FakeTimeProvider(Now), new ListLogger()).Write(report);

        var read = JsonSerializer.Deserialize(File.ReadAllBytes(file), StatusJsonContext.Default.StatusReport)!;
        Assert.AreEqual(report with { Vips = [] }, read with { Vips = [] });
        CollectionAssert.AreEqual(report.Vips.ToList(), read.Vips.ToList());
    }

    [TestMethod]
    public void Write_RowsFromStatusRows_SortedOneLineEachAndReadBack()
    {
        var report = Report(300);
        var rows = new StatusRows();
        rows.Refresh(report.Vips.Select(v => IPAddress.Parse(v.Vip[..v.Vip.IndexOf('/', StringComparison.Ordinal)])).Reverse()
            .Append(IPAddress.Parse("2001:db8::1")), a => report.Vips.FirstOrDefault(v => v.Vip.StartsWith(a + "/", StringComparison.Ordinal))
            ?? report.Vips[0] with { Vip = "2001:db8::1/128" });
        var snapshot = rows.Snapshot();
        StatusRows.Sort(snapshot);
        string file = Path.Combine(_directory, "status.json");
        var writer = new StatusWriter(file, null, new FakeTimeProvider(Now), new ListLogger());

        writer.Write(report with { Vips = new StatusRowList(snapshot) });
        writer.Write(report with { Vips = new StatusRowList(snapshot) });

        var read = JsonSerializer.Deserialize(File.ReadAllBytes(file), StatusJsonContext.Default.StatusReport)!;
        CollectionAssert.AreEqual(report.Vips.Append(report.Vips[0] with { Vip = "2001:db8::1/128" }).ToList(), read.Vips.ToList());
        Assert.AreEqual(301, File.ReadAllLines(file).Count(l => l.TrimStart().StartsWith("{\"vip\":", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void Write_MetricsFile_PrometheusTextPerVip()
    {
        string file = Path.Combine(_directory, "metrics.prom");

        new StatusWriter(null, file, new FakeTimeProvider(Now), new ListLogger()).Write(Report(2));

        var lines = File.ReadAllLines(file);
        CollectionAssert.Contains(lines, "exahealth_ovsdb_connected{database=\"southbound\"} 1");
        CollectionAssert.Contains(lines, "exahealth_ovsdb_snapshot_age_seconds{database=\"southbound\"} 1.5");
        CollectionAssert.Contains(lines, "exahealth_vip_announced{vip=\"10.0.0.1/32\"} 1");
        CollectionAssert.Contains(lines, "exahealth_vip_backends{vip=\"10.0.0.1/32\",state=\"online\"} 1");
        CollectionAssert.Contains(lines, "exahealth_vip_backends{vip=\"10.0.0.1/32\",state=\"offline\"} 1");
        CollectionAssert.Contains(lines, "exahealth_vip_dampening_penalty{vip=\"10.0.0.0/32\"} 0.5");
        CollectionAssert.Contains(lines, "exahealth_route_commands_total{kind=\"announce\"} 7");
        Assert.AreEqual(lines.Count(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)), lines.Count(l => l.StartsWith("# HELP ", StringComparison.Ordinal)));
        Assert.IsFalse(File.ReadAllText(file).Contains('\r', StringComparison.Ordinal));
    }

    [TestMethod]
    public void Write_StatusFileOnly_RowsReleasedOnceTheirLinesAreMade()
    {
        var report = Report(3);
        var snapshot = Rows(report);
        var writer = new StatusWriter(Path.Combine(_directory, "status.json"), null, new FakeTimeProvider(Now), new ListLogger());

        writer.Write(report with { Vips = new StatusRowList(snapshot) });
        string first = File.ReadAllText(Path.Combine(_directory, "status.json"));
        writer.Write(report with { Vips = new StatusRowList(snapshot) });

        Assert.AreEqual(first, File.ReadAllText(Path.Combine(_directory, "status.json")), "the kept lines write the same file");
        Assert.ThrowsExactly<InvalidOperationException>(() => snapshot[0].Row);
    }

    [TestMethod]
    public void Write_StatusAndMetricsFiles_RowsKeptForEveryMetricsWrite()
    {
        var report = Report(3);
        var snapshot = Rows(report);
        string metrics = Path.Combine(_directory, "metrics.prom");
        var writer = new StatusWriter(Path.Combine(_directory, "status.json"), metrics, new FakeTimeProvider(Now), new ListLogger());

        writer.Write(report with { Vips = new StatusRowList(snapshot) });
        File.Delete(metrics);
        writer.Write(report with { Vips = new StatusRowList(snapshot) });

        CollectionAssert.Contains(File.ReadAllLines(metrics), "exahealth_vip_announced{vip=\"10.0.0.1/32\"} 1");
        Assert.AreEqual(report.Vips[0], snapshot.Single(e => e.Row.Vip == report.Vips[0].Vip).Row);
    }

    [TestMethod]
    public void Write_UnwritableDirectory_LoggedNotThrown()
    {
        var log = new ListLogger();
        string file = Path.Combine(_directory, "missing-parent-is-a-file", "status.json");
        File.WriteAllText(Path.Combine(_directory, "missing-parent-is-a-file"), "x");

        new StatusWriter(file, null, new FakeTimeProvider(Now), log).Write(Report(1));

        Assert.HasCount(1, log.Entries);
    }

    private static ArraySegment<StatusEntry> Rows(StatusReport report)
    {
        var rows = new StatusRows();
        rows.Refresh(report.Vips.Select(v => IPAddress.Parse(v.Vip[..v.Vip.IndexOf('/', StringComparison.Ordinal)])),
            a => report.Vips.First(v => v.Vip.StartsWith(a + "/", StringComparison.Ordinal)));
        var snapshot = rows.Snapshot();
        StatusRows.Sort(snapshot);
        return snapshot;
    }

    private static StatusReport Report(int vips) => new(
        "0.1.0", 42, Now, Now.AddMinutes(-5),
        new DatabaseStatus("unix:/run/ovn/ovnsb_db.sock", true, Now.AddMinutes(-4), Now.AddSeconds(-1.5), 1.5, null, null),
        null, false, false, vips / 2, 7, 3, 0,
        [.. Enumerable.Range(0, vips).Select(i => new VipStatus(
            $"10.0.{i / 256}.{i % 256}/32", i % 2 == 1 ? "announced" : "withdrawn", $"{i % 3}/2 backends online (all-offline)",
            i % 3, 2, 2, false, i % 2 == 0 ? 0.5 : 0, i, Now.AddSeconds(-i), i % 2 == 1 ? "192.0.2.1" : null))]);
}
