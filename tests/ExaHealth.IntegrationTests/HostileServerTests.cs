using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.IntegrationTests;

/// <summary>
/// The native binary against a server that sends what no ovsdb-server would: JSON nested 100,000
/// deep, a message that never ends, and bytes that are never a message. Each connection must end
/// with an error and a reconnect, memory must stay bounded, and the plugin must stay up. The
/// server here is a byte stream, not an OVSDB implementation: a real ovsdb-server cannot be made
/// to send these.
/// </summary>
[TestClass]
[TestCategory(Sets.AnySet)]
public sealed class HostileServerTests
{
    private const int Limit = 1024 * 1024;

    private readonly string _directory = Directory.CreateTempSubdirectory("exahealth-hostile-").FullName;

    [TestCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    public async Task DeepNestingEndlessMessageAndNoise_EachClosedWithAnErrorAndRetried_MemoryBounded()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var sent = new List<(long Bytes, bool ClosedByClient)>();
        using var stop = new CancellationTokenSource();
        var server = Task.Run(() => Serve(listener, sent, stop.Token));
        string config = WriteConfig(((IPEndPoint)listener.LocalEndpoint).Port);

        using var plugin = PluginProcess.Start(config);
        await plugin.WaitForLogAsync("maximum configured depth", 20);
        await plugin.WaitForLogAsync($"larger than the limit of {Limit} bytes", 20);
        await plugin.WaitForLogAsync("after an echo probe", 20);
        await Wait.UntilAsync(() => sent.Count >= 4, TimeSpan.FromSeconds(30), "a fourth connection after the noise");
        long peakKiB = plugin.MemoryKiB("VmHWM");
        await stop.CancelAsync();
        await server;

        Assert.IsFalse(plugin.HasExited, "the plugin stopped");
        Assert.IsEmpty(plugin.Commands);
        Assert.IsTrue(sent[0].ClosedByClient && sent[1].ClosedByClient && sent[2].ClosedByClient, "a connection outlived the server's patience");
        Assert.IsLessThan(16L * 1024 * 1024, sent[1].Bytes, $"the endless message was read far beyond the limit: {sent[1].Bytes} bytes");
        Assert.IsLessThan(100 * 1024, peakKiB, $"peak RSS {peakKiB} KiB");
        Assert.IsFalse(plugin.Log.Any(l => l.Contains("exahealth[7004]", StringComparison.Ordinal)), "internal error logged");
        plugin.CloseInput();
        Assert.IsTrue(plugin.WaitForExit(TimeSpan.FromSeconds(5)));
    }

    /// <summary>Connection 1: nesting; 2: an endless string; 3: whitespace forever (never a message, so only the probe can end it).</summary>
    private static async Task Serve(TcpListener listener, List<(long Bytes, bool ClosedByClient)> sent, CancellationToken stop)
    {
        try
        {
            for (int connection = 0; !stop.IsCancellationRequested; connection++)
            {
                using var client = await listener.AcceptTcpClientAsync(stop);
                var stream = client.GetStream();
                byte[] chunk = connection switch
                {
                    0 => Encoding.ASCII.GetBytes(new string('[', 64 * 1024)),
                    1 => Encoding.ASCII.GetBytes(new string('A', 64 * 1024)),
                    2 => Encoding.ASCII.GetBytes(new string(' ', 64 * 1024)),
                    _ => [],
                };
                long total = 0;
                bool closed = false;
                if (connection == 1)
                {
                    var head = Encoding.ASCII.GetBytes("{\"id\":0,\"result\":{\"_Server\":{\"x\":{\"initial\":{\"name\":\"");
                    await stream.WriteAsync(head, stop);
                    total += head.Length;
                }

                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
                deadline.CancelAfter(TimeSpan.FromSeconds(connection < 3 ? 15 : 1));
                try
                {
                    while (chunk.Length > 0)
                    {
                        await stream.WriteAsync(chunk, deadline.Token);
                        total += chunk.Length;
                    }
                }
                catch (Exception ex) when (ex is IOException or SocketException)
                {
                    // The client closed the connection: what this test is waiting for.
                    closed = true;
                }
                catch (OperationCanceledException)
                {
                }

                lock (sent)
                {
                    sent.Add((total, closed));
                }

            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string WriteConfig(int port)
    {
        string path = Path.Combine(_directory, "exahealth.json");
        File.WriteAllText(path, new JsonObject
        {
            ["ovsdb"] = new JsonObject
            {
                ["southbound"] = $"tcp:127.0.0.1:{port}",
                ["maxMessageBytes"] = Limit,
                ["probeIntervalSeconds"] = 1,
                ["maxBackoffSeconds"] = 0.25,
            },
            ["routes"] = new JsonObject { ["allowedPrefixes"] = new JsonArray("10.0.0.0/24"), ["nextHop"] = "192.0.2.10" },
            ["state"] = new JsonObject { ["directory"] = Path.Combine(_directory, "state"), ["statusFile"] = Path.Combine(_directory, "state", "status.json") },
            ["maintenance"] = new JsonObject { ["disableFile"] = Path.Combine(_directory, "disable") },
            ["logging"] = new JsonObject { ["level"] = "Debug" },
        }.ToJsonString());
        return path;
    }
}
