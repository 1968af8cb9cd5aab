using System.Net.Sockets;

namespace ExaHealth.Ovsdb;

/// <summary>Opens the byte stream to a remote. The only place that creates OVSDB sockets.</summary>
internal static class OvsdbConnector
{
    public static async Task<Stream> ConnectAsync(OvsdbRemote remote, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket socket = remote.Kind switch
        {
            OvsdbRemoteKind.Unix => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
            OvsdbRemoteKind.Tcp => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true },
            _ => throw new NotSupportedException($"{remote.Kind} remotes are not supported by this version"),
        };
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

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"connect timed out after {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
