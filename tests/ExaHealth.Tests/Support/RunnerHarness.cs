using System.IO.Pipes;
using System.Text;
using ExaHealth.Configuration;
using ExaHealth.Runtime;

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
