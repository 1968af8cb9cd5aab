using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace ExaHealth.Ovsdb;

/// <summary>Opens the byte stream to a remote. The only place that creates OVSDB sockets.</summary>
internal static class OvsdbConnector
{
    public static async Task<Stream> ConnectAsync(OvsdbRemote remote, OvsdbTls? tls, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket socket = remote.Kind == OvsdbRemoteKind.Unix
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (remote.Kind == OvsdbRemoteKind.Unix)
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(remote.Path), deadline.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(remote.Host, remote.Port, deadline.Token).ConfigureAwait(false);
            }

            var stream = new NetworkStream(socket, ownsSocket: true);
            return remote.Kind == OvsdbRemoteKind.Ssl
                ? await AuthenticateAsync(stream, remote, tls ?? throw new OvsdbTlsException("ssl: remote without ovsdb.privateKey, certificate and caCertificate"), deadline.Token).ConfigureAwait(false)
                : stream;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connect timed out after {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException ex) when (remote.Kind == OvsdbRemoteKind.Unix)
        {
            // The errno of a missing unix socket surfaces as "Cannot assign requested address".
            socket.Dispose();
            throw new IOException(ex.SocketErrorCode switch
            {
                SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => $"no socket at {remote.Path} (is ovsdb-server running?)",
                SocketError.ConnectionRefused => $"nothing listens on {remote.Path} (is ovsdb-server running?)",
                SocketError.AccessDenied => $"permission denied on {remote.Path} (ExaBGP's user/drop settings?)",
                _ => ex.Message,
            }, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Stream> AuthenticateAsync(NetworkStream network, OvsdbRemote remote, OvsdbTls tls, CancellationToken cancellationToken)
    {
        var (client, authorities) = tls.Load();
        string? rejection = null;
        var ssl = new SslStream(network, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = remote.Host,
                ClientCertificates = [client],
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    rejection = certificate is null
                        ? "the server presented no certificate"
                        : OvsdbTls.Verify(certificate as X509Certificate2 ?? new X509Certificate2(certificate), authorities);
                    return rejection is null;
                },
            }, cancellationToken).ConfigureAwait(false);
            return ssl;
        }
        catch (AuthenticationException ex)
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
            throw new OvsdbTlsException($"TLS with {remote} failed: {rejection ?? ex.Message}", ex);
        }
        catch
        {
            await ssl.DisposeAsync().ConfigureAwait(false);
            client.Dispose();
            throw;
        }
        finally
        {
            // The client certificate stays with the stream; the authorities were only for the handshake.
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
    }
}
