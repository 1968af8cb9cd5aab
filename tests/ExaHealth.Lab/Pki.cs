namespace ExaHealth.Lab;

/// <summary>
/// A throw-away PKI made with openssl: a CA, a server certificate and a client certificate signed
/// by it, as ovsdb-server's pssl: and ExaHealth's ssl: remotes need (PEM files).
/// </summary>
public sealed record Pki(string CaCertificate, string ServerKey, string ServerCertificate, string ClientKey, string ClientCertificate)
{
    public static Pki Create(string dir, string name = "lab")
    {
        Directory.CreateDirectory(dir);
        string P(string file) => Path.Combine(dir, $"{name}-{file}");
        Tool.Run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", $"/CN={name} test CA",
            "-keyout", P("ca-key.pem"), "-out", P("ca-cert.pem")]);
        foreach (var role in new[] { "server", "client" })
        {
            Tool.Run("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", $"/CN={name} {role}", "-keyout", P($"{role}-key.pem"), "-out", P($"{role}-req.pem")]);
            Tool.Run("openssl", ["x509", "-req", "-in", P($"{role}-req.pem"), "-CA", P("ca-cert.pem"), "-CAkey", P("ca-key.pem"),
                "-CAcreateserial", "-days", "2", "-out", P($"{role}-cert.pem")]);
        }

        return new Pki(P("ca-cert.pem"), P("server-key.pem"), P("server-cert.pem"), P("client-key.pem"), P("client-cert.pem"));
    }
}
