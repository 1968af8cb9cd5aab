using System.IO.Pipes;
using System.Text;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Runtime;
using ExaHealth.State;

namespace ExaHealth.Tests.Support;

/// <summary>
/// A whole <see cref="PluginRunner"/> in the test process: fake time, a pipe for stdin (kept open,
/// as ExaBGP keeps it) and a memory stream for stdout.
/// </summary>
internal sealed class RunnerHarness : IAsyncDisposable
{
    private readonly AnonymousPipeServerStream _stdin = new(PipeDirection.Out);
    private readonly AnonymousPipeClientStream _stdinReader;
    private readonly MemoryStream _stdout = new();
    private readonly Task _running;

    public RunnerHarness(Settings settings, TimeProvider time, ListLogger log, Func<Settings>? reload = null)
    {
        _stdinReader = new AnonymousPipeClientStream(PipeDirection.In, _stdin.ClientSafePipeHandle);
        Runner = new PluginRunner(settings, _stdinReader, _stdout, time, log, reload);
        _running = Runner.RunAsync(CancellationToken.None);
    }

    public PluginRunner Runner { get; }

    /// <summary>
    /// <see cref="TestSettings"/> for a runner whose Southbound never answers: its socket would be in
    /// <paramref name="directory"/> and is not. Nothing answers on stdin either, so acks are not awaited;
    /// no status file, and the state file in <paramref name="stateDirectory"/> if one is given.
    /// </summary>
    public static Settings AbsentSouthbound(string directory, string? stateDirectory) => TestSettings.Create() with
    {
        Ovsdb = new OvsdbClientOptions { Remotes = [new OvsdbRemote(OvsdbRemoteKind.Unix, "", 0, Path.Combine(directory, "absent.sock"))] },
        ExaBgp = new ExaBgpSettings { Ack = false },
        State = new StateSettings { Directory = stateDirectory, StatusFile = null },
    };

    /// <summary>Everything written to stdout so far.</summary>
    public string Output => Encoding.ASCII.GetString(_stdout.ToArray());

    /// <summary>Polls (real time) until <paramref name="condition"/> holds; false after <paramref name="attempts"/> × 25 ms.</summary>
    public static async Task<bool> WaitAsync(Func<bool> condition, int attempts = 200)
    {
        for (int i = 0; i < attempts && !condition(); i++)
        {
            await Task.Delay(25);
        }

        return condition();
    }

    public async ValueTask DisposeAsync()
    {
        Runner.RequestStop("test over");
        // The writing end first: the end being read cannot be closed under a blocked read.
        await _stdin.DisposeAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
        await _stdinReader.DisposeAsync();
        Runner.Dispose();
    }
}
