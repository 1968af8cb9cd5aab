namespace ExaHealth.Lab;

/// <summary>One site of a <see cref="TwoSiteLab"/>: its OVN, its ExaBGP and ExaHealth, its disable file.</summary>
public sealed class TwoSiteLabSite(string name, string dir, OvnCentral ovn, ExaBgpSpeaker exabgp, string configPath, string speakerAddress, string speakerAddress6, string backendNet, string backendNet6) : IDisposable
{
    public string Name => name;

    public OvnCentral Ovn => ovn;

    public ExaBgpSpeaker ExaBgp => exabgp;

    public string ConfigPath => configPath;

    /// <summary>The address this site's ExaBGP peers from: FRR's paths name it as their peer.</summary>
    public string SpeakerAddress => speakerAddress;

    /// <summary>The address of this site's IPv6 session: FRR's IPv6 paths name it as their peer.</summary>
    public string SpeakerAddress6 => speakerAddress6;

    /// <summary>Whether an FRR path came from this site, over either session.</summary>
    public bool Owns(FrrPath path) => path.Peer == speakerAddress || path.Peer == speakerAddress6;

    public string DisableFile => Path.Combine(dir, "disable");

    public string StatusFile => Path.Combine(dir, "state", "status.json");

    /// <summary>The site's backends, .226 and .227 of this network (and ::226, ::227 of its IPv6 twin).</summary>
    public string BackendNet => backendNet;

    /// <summary>Sets the Service_Monitor status of the site's backends in order (.226, .227), IPv4 and IPv6, as ovn-controller would.</summary>
    public void SetBackends(params string?[] statuses)
    {
        for (int i = 0; i < statuses.Length; i++)
        {
            ovn.SetStatus($"{backendNet}.{226 + i}", statuses[i]);
            ovn.SetStatus($"{backendNet6}::{226 + i}", statuses[i]);
        }
    }

    public void Dispose()
    {
        int? plugin = exabgp.PluginPid;
        exabgp.Dispose();
        ovn.Dispose();
        if (plugin is { } pid && Daemon.IsAlive(pid))
        {
            try
            {
                Tool.Run("kill", ["-9", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
