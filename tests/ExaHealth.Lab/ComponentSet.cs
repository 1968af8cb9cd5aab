using System.Diagnostics;

namespace ExaHealth.Lab;

/// <summary>
/// The releases of OVN, OVS, ExaBGP and GoBGP the lab runs, chosen by $EXAHEALTH_LAB: bookworm
/// (the default) is the host's own Debian 12 packages; trixie and sid are Debian roots that
/// tests/lab-root.sh builds and caches. Lab programs of a root run chrooted into it, in a mount
/// namespace of their own where the lab directory ($EXAHEALTH_LAB_ROOT) and the plugin binary's
/// directory are bound at the same paths as on the host; the network namespace is the host's.
/// </summary>
public sealed class ComponentSet
{
    /// <summary>
    /// Binds what the lab shares with the root, then becomes the program (same PID: unshare, sh
    /// and chroot all exec). Arguments: root, lab directory, plugin directory, program, its arguments.
    /// </summary>
    private const string EnterRoot = """
        r=$1 l=$2 b=$3; shift 3
        mkdir -p "$r$l" "$r$b" 2>/dev/null
        mount -t proc proc "$r/proc" && mount --rbind /dev "$r/dev" && mount --bind "$l" "$r$l" && mount --bind "$b" "$r$b" || exit 125
        PATH=/usr/sbin:/usr/bin:/sbin:/bin exec chroot "$r" "$@"
        """;

    private static readonly HashSet<string> LabPrograms =
    [
        "ovsdb-server", "ovsdb-tool", "ovsdb-client", "ovs-appctl", "ovn-northd", "ovn-nbctl", "ovn-sbctl", "ovn-appctl",
        "exabgp", "gobgpd", "gobgp", "/usr/lib/frr/bgpd", "vtysh",
    ];

    private static readonly Lazy<ComponentSet> Selected = new(Resolve);

    private ComponentSet(string name, string? root, string versions)
    {
        Name = name;
        Root = root;
        Versions = versions;
    }

    /// <summary>The set $EXAHEALTH_LAB selects (bookworm when unset); its root is built on first use.</summary>
    public static ComponentSet Current => Selected.Value;

    /// <summary>bookworm, trixie or sid.</summary>
    public string Name { get; }

    /// <summary>The Debian root the lab programs run from; null for the host's own packages.</summary>
    public string? Root { get; }

    /// <summary>One line naming the set and the package version of each component.</summary>
    public string Versions { get; }

    /// <summary>The major version of the set's ExaBGP (4 or 5: their command lines differ).</summary>
    public int ExaBgpMajor => Versions.Contains(", exabgp 5.", StringComparison.Ordinal) ? 5 : 4;

    /// <summary>How to start <paramref name="file"/>: lab programs of a root run inside it, everything else as it is.</summary>
    public ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        if (Root is null || !LabPrograms.Contains(file))
        {
            var direct = new ProcessStartInfo(file);
            foreach (var argument in arguments)
            {
                direct.ArgumentList.Add(argument);
            }

            return direct;
        }

        var start = new ProcessStartInfo("unshare");
        foreach (var argument in (string[])["--mount", "--propagation", "private", "--", "/bin/sh", "-c", EnterRoot, "sh",
            Root, Directory.CreateDirectory(LabEnvironment.Root).FullName, System.IO.Path.GetDirectoryName(PluginBinary.Path)!, file])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Whether a lab program is installed where the set runs it from.</summary>
    public bool Has(string program)
    {
        string prefix = Root ?? string.Empty;
        var path = Root is null ? Environment.GetEnvironmentVariable("PATH") ?? string.Empty : string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Concat(["/usr/sbin", "/usr/bin", "/sbin", "/bin"])
            .Any(dir => File.Exists(prefix + System.IO.Path.Combine(dir, program)));
    }

    private static ComponentSet Resolve()
    {
        string name = Environment.GetEnvironmentVariable("EXAHEALTH_LAB") is { Length: > 0 } set ? set : "bookworm";
        if (name is not ("bookworm" or "trixie" or "sid"))
        {
            throw new InvalidOperationException($"EXAHEALTH_LAB={name}: the sets are bookworm, trixie and sid");
        }

        // Builds the root when it is missing or stale (minutes), then prints the versions and the root's path.
        string script = System.IO.Path.Combine(PluginBinary.RepositoryRoot, "tests", "lab-root.sh");
        var lines = Tool.Run(new ProcessStartInfo(script) { ArgumentList = { "--path", name } }, timeout: TimeSpan.FromMinutes(40))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string root = lines[^1];
        return new ComponentSet(name, root == "/" ? null : root, string.Join(' ', lines[..^1]));
    }
}
