using ExaHealth.Ovsdb;

namespace ExaHealth.Configuration;

/// <summary>The ovsdb section: remotes, TLS files (loaded now) and connection limits; the first bad value throws.</summary>
internal static class OvsdbSettingsParser
{
    public static OvsdbClientOptions ParseOvsdb(RawOvsdb raw, List<string> notImplemented)
    {
        const string key = "ovsdb.southbound";
        var text = ConfigValues.Text(raw.Southbound)
            ?? throw new ConfigurationException(key, null, "expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT (comma-separated for a cluster)");
        var remotes = ParseRemotes(key, text);
        bool ssl = remotes.Any(r => r.Kind == OvsdbRemoteKind.Ssl)
            || (ConfigValues.Text(raw.Northbound) is { } nb && ParseRemotes("ovsdb.northbound", nb).Any(r => r.Kind == OvsdbRemoteKind.Ssl));
        return new OvsdbClientOptions
        {
            Remotes = remotes,
            LeaderOnly = ConfigValues.Bool("ovsdb.leaderOnly", raw.LeaderOnly, false),
            Tls = ssl ? ParseTls(raw) : null,
            ProbeInterval = ConfigValues.Seconds("ovsdb.probeIntervalSeconds", raw.ProbeIntervalSeconds, TimeSpan.FromSeconds(5), 0, 3600),
            MaxBackoff = ConfigValues.Seconds("ovsdb.maxBackoffSeconds", raw.MaxBackoffSeconds, TimeSpan.FromSeconds(8), 0.25, 3600),
            MaxMessageBytes = ConfigValues.Integer("ovsdb.maxMessageBytes", raw.MaxMessageBytes, OvsdbLimits.DefaultMaxMessageBytes, 4096, 4L * 1024 * 1024 * 1024),
        };
    }

    public static List<OvsdbRemote> ParseRemotes(string key, string text)
    {
        var remotes = new List<OvsdbRemote>();
        foreach (var part in text.Split(','))
        {
            if (!OvsdbRemote.TryParse(part.Trim(), out var remote, out var error))
            {
                throw new ConfigurationException(key, text, error);
            }

            remotes.Add(remote);
        }

        return remotes;
    }

    /// <summary>The three PEM files of ssl: remotes, checked now so that a bad one stops the start with one line.</summary>
    private static OvsdbTls ParseTls(RawOvsdb raw)
    {
        string File(string key, string? value) => ConfigValues.Path(key, value)
            ?? throw new ConfigurationException(key, null, "ssl: remotes need ovsdb.privateKey, ovsdb.certificate and ovsdb.caCertificate (PEM files)");
        var tls = new OvsdbTls(
            File("ovsdb.privateKey", raw.PrivateKey),
            File("ovsdb.certificate", raw.Certificate),
            File("ovsdb.caCertificate", raw.CaCertificate));
        try
        {
            var (client, authorities) = tls.Load();
            client.Dispose();
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
        catch (OvsdbTlsException ex)
        {
            throw new ConfigurationException("invalid configuration: " + ex.Message.ReplaceLineEndings(" "), ex);
        }

        return tls;
    }
}
