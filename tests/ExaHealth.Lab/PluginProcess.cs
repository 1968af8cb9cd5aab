using System.Collections.Concurrent;
using System.Diagnostics;

namespace ExaHealth.Lab;

/// <summary>
/// The native plugin run directly, standing in for ExaBGP: its stdout lines (the commands) and
/// stderr lines (the log) are collected with the time they arrived, and stdin is ours to write
/// acks and events to, or to close.
/// </summary>
public sealed class PluginProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<(TimeSpan At, string Line)> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _readingOut;
    private readonly Task _readingErr;

    private PluginProcess(Process process)
    {
        _process = process;
        _readingOut = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                var at = _clock.Elapsed;
                LineObserver?.Invoke(at, line);
                if (KeepCommands)
                {
                    _stdout.Enqueue((at, line));
                }

                if (AutoAck)
                {
                    Send("done");
                }
            }
        });
        _readingErr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                _stderr.Enqueue(line);
            }
        });
    }

    /// <summary>Called on the reader thread for every stdout line, with the time it arrived.</summary>
    public Action<TimeSpan, string>? LineObserver { get; set; }

    /// <summary>Keep every line in <see cref="Commands"/> (benchmarks with a million lines turn it off).</summary>
    public bool KeepCommands { get; set; } = true;

    /// <summary>Answer every command line with "done", as ExaBGP does with acks on.</summary>
    public bool AutoAck { get; set; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Time since start.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    public IReadOnlyList<(TimeSpan At, string Line)> Commands => [.. _stdout];

    public IReadOnlyList<string> Log => [.. _stderr];

    /// <summary>CPU seconds (user + system) the plugin used so far.</summary>
    public double CpuSeconds
    {
        get
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture)) / 100.0;
        }
    }

    /// <summary>A field of /proc/PID/status in KiB (VmRSS, VmHWM).</summary>
    public long MemoryKiB(string field) =>
        long.Parse(File.ReadLines($"/proc/{Pid}/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    public static PluginProcess Start(string configPath, bool autoAck = true, params string[] extraArguments)
    {
        var start = new ProcessStartInfo(PluginBinary.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["run", "--config", configPath, .. extraArguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start the plugin");
        return new PluginProcess(process) { AutoAck = autoAck };
    }

    public void Send(string line)
    {
        lock (_process)
        {
            try
            {
                _process.StandardInput.Write(line + "\n");
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
                // The plugin is gone; tests look at its exit, not at this write.
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>Writes bytes to the plugin's stdin as they are: partial lines, floods, no newline added.</summary>
    public void SendRaw(ReadOnlySpan<byte> bytes)
    {
        lock (_process)
        {
            try
            {
                _process.StandardInput.BaseStream.Write(bytes);
                _process.StandardInput.BaseStream.Flush();
            }
            catch (IOException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void CloseInput()
    {
        lock (_process)
        {
            _process.StandardInput.Close();
        }
    }

    public void Signal(int signal) => Tool.Run("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        Task.WaitAll([_readingOut, _readingErr], TimeSpan.FromSeconds(5));
        return true;
    }

    public Task<TimeSpan> WaitForCommandAsync(Func<string, bool> match, double seconds = 10) =>
        Wait.UntilAsync(() => Commands.Any(c => match(c.Line)), TimeSpan.FromSeconds(seconds),
            $"a matching command (commands so far: {string.Join(" | ", Commands.Select(c => c.Line))}; log: {string.Join(" | ", Log.TakeLast(5))})");

    public Task<TimeSpan> WaitForLogAsync(string fragment, double seconds = 10) =>
        Wait.UntilAsync(() => Log.Any(l => l.Contains(fragment, StringComparison.Ordinal)), TimeSpan.FromSeconds(seconds),
            $"log line with \"{fragment}\" (log: {string.Join(" | ", Log.TakeLast(8))})");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
