using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ExaHealth.Ovsdb;

/// <summary>
/// The PEM files of an ssl: remote (ovsdb.privateKey, certificate, caCertificate). They are read at
/// every connection, so rotated certificates are picked up without a restart.
/// </summary>
internal sealed record OvsdbTls(string PrivateKeyPath, string CertificatePath, string CaCertificatePath)
{
    /// <summary>The client certificate with its key, and the CA certificates that may vouch for servers.</summary>
    /// <exception cref="OvsdbTlsException">A file is unreadable, not PEM, or the key does not match the certificate.</exception>
    public (X509Certificate2 Client, X509Certificate2Collection Authorities) Load()
    {
        X509Certificate2 client;
        try
        {
            client = X509Certificate2.CreateFromPemFile(CertificatePath, PrivateKeyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OvsdbTlsException($"cannot read ovsdb.certificate {CertificatePath} or ovsdb.privateKey {PrivateKeyPath}: {ex.Message}", ex);
        }
        catch (CryptographicException ex)
        {
            throw new OvsdbTlsException($"ovsdb.privateKey {PrivateKeyPath} does not match ovsdb.certificate {CertificatePath}, or one of them is not PEM: {ex.Message}", ex);
        }

        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(CaCertificatePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            client.Dispose();
            throw new OvsdbTlsException($"cannot read ovsdb.caCertificate {CaCertificatePath}: {ex.Message}", ex);
        }

        if (authorities.Count == 0)
        {
            client.Dispose();
            throw new OvsdbTlsException($"ovsdb.caCertificate {CaCertificatePath} holds no PEM certificate");
        }

        return (client, authorities);
    }

    /// <summary>
    /// Whether <paramref name="server"/> chains to one of <paramref name="authorities"/>. As Open
    /// vSwitch's own SSL streams do, the name in the certificate is not compared with the host:
    /// OVS PKI certificates name the component, not the host.
    /// </summary>
    public static string? Verify(X509Certificate2 server, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain.Build(server))
        {
            return null;
        }

        var problems = chain.ChainStatus.Select(s => s.Status.ToString()).Distinct();
        return $"the server certificate ({server.Subject}) is not vouched for by ovsdb.caCertificate: {string.Join(", ", problems)}";
    }
}
