using System.Diagnostics;
using System.Text;

namespace ExaHealth.Lab;

/// <summary>
/// Runs a command-line tool to completion and returns its stdout; a non-zero exit throws with its
/// stderr. Lab programs run from the selected <see cref="ComponentSet"/>.
/// </summary>
public static class Tool
{
    public static string Run(string file, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Run(ComponentSet.Current.StartInfo(file, arguments), environment, timeout);

    /// <summary>Runs <paramref name="start"/> as it is (on the host).</summary>
    internal static string Run(ProcessStartInfo start, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        string file = start.FileName;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', start.ArgumentList)} did not finish");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }

        return stdout.Result;
    }

    /// <summary>Whether an executable is on PATH (or an absolute path that exists).</summary>
    public static bool Exists(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name);
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':').Concat(["/usr/sbin", "/sbin"]).Any(dir => File.Exists(Path.Combine(dir, name)));
    }

    /// <summary>The Debian packages the lab needs, and which of their programs are missing from the selected set.</summary>
    public static string? MissingPrerequisites()
    {
        string[] programs = ["ovsdb-server", "ovsdb-tool", "ovn-northd", "ovn-nbctl", "ovn-sbctl", "ovn-appctl", "gobgpd", "gobgp", "exabgp"];
        var set = ComponentSet.Current;
        var missing = programs.Where(p => !set.Has(p)).ToList();
        return missing.Count == 0
            ? null
            : new StringBuilder("missing ").AppendJoin(", ", missing).Append(" in set ").Append(set.Name)
                .Append(set.Root is null ? ": apt-get install ovn-central ovn-common openvswitch-common exabgp gobgpd" : ": rebuild it with tests/lab-root.sh").ToString();
    }
}
