using System.Globalization;

namespace ExaHealth.Lab;

/// <summary>
/// ExaBGP (4.2, or 5.0 on the sid set) running ExaHealth as its API process, peering with the lab's GoBGP. The settings
/// Debian's defaults get wrong for this use are set in our own env file: run as root without
/// dropping privileges (the OVSDB socket is root's), umask 022, no CLI pipes, no listening.
/// The plugin runs through a wrapper that records its PID and sends its stderr to plugin.log.
/// </summary>
public sealed class ExaBgpSpeaker : IDisposable
{
    private readonly string _dir;
    private readonly Daemon _daemon;

    private ExaBgpSpeaker(string dir, Daemon daemon)
    {
        _dir = dir;
        _daemon = daemon;
    }

    public string PluginLogPath => Path.Combine(_dir, "plugin.log");

    public string ExaBgpLogPath => Path.Combine(_dir, "exabgp.log");

    public bool IsRunning => _daemon.IsRunning;

    public int? PluginPid
    {
        get
        {
            var file = Path.Combine(_dir, "plugin.pid");
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out int pid) ? pid : null;
        }
    }

    public static ExaBgpSpeaker Start(ExaBgpOptions options)
    {
        var dir = options.Directory;
        Directory.CreateDirectory(dir);
        string wrapper = Path.Combine(dir, "plugin.sh");
        File.WriteAllText(wrapper, $"""
            #!/bin/sh
            # While the hold file exists a (re)spawned plugin waits: tests change OVN meanwhile.
            echo $$ > '{dir}/wrapper.pid'
            while [ -e '{dir}/hold' ]; do sleep 0.02; done
            echo $$ > '{dir}/plugin.pid'
            exec {options.PluginCommand} 2>>'{dir}/plugin.log'

            """);
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        string conf = Path.Combine(dir, "exabgp.conf");
        string Neighbor(string local, string peer, string families) => $$"""
            neighbor {{peer}} {
                router-id {{options.LocalAddress}};
                local-address {{local}};
                local-as {{options.LocalAsn}};
                peer-as {{options.PeerAsn}};
                connect {{options.PeerPort}};
                family {
            {{families}}
                }
                api {
                    processes [ exahealth ];
                    neighbor-changes;
                }
            }

            """;
        string neighbors = options.IPv6Session is { } v6
            ? Neighbor(options.LocalAddress, options.PeerAddress, "        ipv4 unicast;") + Neighbor(v6.Local, v6.Peer, "        ipv6 unicast;")
            : string.Concat(new[] { options.PeerAddress }.Concat(options.MorePeers).Select(peer => Neighbor(options.LocalAddress, peer, "        ipv4 unicast;\n        ipv6 unicast;")));
        File.WriteAllText(conf, $$"""
            process exahealth {
                run {{wrapper}};
                encoder {{options.Encoder}};
            }

            """ + neighbors);
        string env = Path.Combine(dir, "exabgp.env");
        File.WriteAllText(env, $"""
            [exabgp.daemon]
            daemonize = false
            drop = false
            user = 'root'
            pid = ''
            umask = '0o022'

            [exabgp.api]
            ack = {(options.Ack ? "true" : "false")}
            encoder = {options.Encoder}
            cli = false
            respawn = true
            terminate = false

            [exabgp.log]
            destination = 'stdout'
            level = INFO
            processes = true
            network = true
            reactor = true
            routes = false
            packets = false

            [exabgp.tcp]
            bind = ''

            """);
        Tool.Run("exabgp", CheckArguments(env, conf));
        var daemon = Daemon.Start("exabgp", "exabgp", ServerArguments(env, conf), Path.Combine(dir, "exabgp.log"), networkNamespace: options.NetworkNamespace);
        return new ExaBgpSpeaker(dir, daemon);
    }

    /// <summary>
    /// ExaBGP's own configuration check, as the set's ExaBGP spells it: ExaBGP 5 has subcommands and
    /// no --env / --test (the env file's format is unchanged).
    /// </summary>
    public static string[] CheckArguments(string env, string conf) =>
        ComponentSet.Current.ExaBgpMajor >= 5 ? ["--env-file", env, "validate", conf] : ["--env", env, "--test", conf];

    /// <summary>ExaBGP in the foreground on <paramref name="conf"/>, as the set's ExaBGP spells it.</summary>
    public static string[] ServerArguments(string env, string conf) =>
        ComponentSet.Current.ExaBgpMajor >= 5 ? ["--env-file", env, "server", conf] : ["--env", env, conf];

    /// <summary>The PID of the latest wrapper ExaBGP started (it becomes the plugin once not held).</summary>
    public int? WrapperPid
    {
        get
        {
            var file = Path.Combine(_dir, "wrapper.pid");
            return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out int pid) ? pid : null;
        }
    }

    public string PluginLog() => File.Exists(PluginLogPath) ? File.ReadAllText(PluginLogPath) : string.Empty;

    /// <summary>While held, a plugin that ExaBGP (re)spawns waits before it starts.</summary>
    public void Hold(bool hold)
    {
        var file = Path.Combine(_dir, "hold");
        if (hold)
        {
            File.WriteAllText(file, string.Empty);
        }
        else
        {
            File.Delete(file);
        }
    }

    /// <summary>Sends a signal to the running plugin.</summary>
    public void SignalPlugin(int signal) =>
        Tool.Run("kill", [$"-{signal}", (PluginPid ?? throw new InvalidOperationException("no plugin pid")).ToString(CultureInfo.InvariantCulture)]);

    public void Stop() => _daemon.Stop();

    public void Dispose() => _daemon.Dispose();

    internal static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
