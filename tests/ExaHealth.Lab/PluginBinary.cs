namespace ExaHealth.Lab;

/// <summary>
/// The native exahealth binary the lab runs: $EXAHEALTH_BINARY, else artifacts/bin/exahealth in
/// the repository (what .ci/run and install.sh build), published on first use when absent.
/// </summary>
public static class PluginBinary
{
    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Path => Resolved.Value;

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ExaHealth.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (ExaHealth.sln) above " + AppContext.BaseDirectory);
        }
    }

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable("EXAHEALTH_BINARY");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException("EXAHEALTH_BINARY does not exist", configured);
        }

        var root = RepositoryRoot;
        var binary = System.IO.Path.Combine(root, "artifacts", "bin", "exahealth");
        if (!File.Exists(binary))
        {
            Tool.Run("dotnet", ["publish", System.IO.Path.Combine(root, "plugin", "exahealth.csproj"), "-c", "Release", "-r", "linux-x64",
                "-o", System.IO.Path.GetDirectoryName(binary)!, "--nologo"], timeout: TimeSpan.FromMinutes(10));
        }

        return binary;
    }
}
