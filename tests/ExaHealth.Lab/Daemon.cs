using System.Diagnostics;

namespace ExaHealth.Lab;

/// <summary>
/// A long-running lab process with its output in a log file: either started in the foreground
/// by us, or detached by itself with its PID in a pidfile. Stopped with SIGTERM, then SIGKILL.
/// </summary>
public sealed class Daemon : IDisposable
{
    private readonly Process? _process;

    private Daemon(string name, int pid, Process? process)
    {
        Name = name;
        Pid = pid;
        _process = process;
    }

    public string Name { get; }

    public int Pid { get; }

    public bool IsRunning => IsAlive(Pid);

    /// <summary>Starts a foreground process whose stdout and stderr go to <paramref name="log"/>.</summary>
    /// <param name="networkNamespace">A network namespace to run it in (ip netns exec); null: the host's.</param>
    public static Daemon Start(string name, string file, IEnumerable<string> arguments, string log, IDictionary<string, string>? environment = null,
        string? networkNamespace = null)
    {
        // Lab programs of a root go through its launcher; every exec keeps the PID, so Pid is the program's.
        var program = ComponentSet.Current.StartInfo(file, arguments);
        if (networkNamespace is not null)
        {
            var inside = new ProcessStartInfo("ip") { ArgumentList = { "netns", "exec", networkNamespace, program.FileName } };
            foreach (var argument in program.ArgumentList)
            {
                inside.ArgumentList.Add(argument);
            }

            program = inside;
        }

        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$EXAHEALTH_LAB_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add(program.FileName);
        foreach (var argument in program.ArgumentList)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["EXAHEALTH_LAB_LOG"] = log;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        return new Daemon(name, process.Id, process);
    }

    /// <summary>Adopts a process that daemonized itself and wrote its PID to <paramref name="pidFile"/>.</summary>
    public static Daemon FromPidFile(string name, string pidFile) =>
        new(name, int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture), null);

    public void Signal(int signal) => Tool.Run("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

    public void Stop(TimeSpan? grace = null)
    {
        if (!IsRunning)
        {
            return;
        }

        try
        {
            Signal(15);
        }
        catch (InvalidOperationException)
        {
            return;
        }

        var deadline = DateTime.UtcNow + (grace ?? TimeSpan.FromSeconds(5));
        while (IsRunning && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        if (IsRunning)
        {
            try
            {
                Signal(9);
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process?.WaitForExit(2000);
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
    }

    /// <summary>Alive and not a zombie (a zombie's /proc/PID/stat state is Z).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
