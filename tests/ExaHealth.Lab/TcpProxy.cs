using System.Net;
using System.Net.Sockets;

namespace ExaHealth.Lab;

/// <summary>
/// A loopback TCP forwarder the test can cut and restore: a client loses its connection while the
/// server stays up (and keeps its transaction history), as a network partition would do.
/// </summary>
public sealed class TcpProxy : IDisposable
{
    private readonly IPEndPoint _target;
    private readonly List<Socket> _open = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private CancellationTokenSource? _cut;
    private long _toClient;
    private long _pauseAt = long.MaxValue;

    public TcpProxy(IPAddress listen, int port, IPEndPoint target)
    {
        Endpoint = new IPEndPoint(listen, port);
        _target = target;
        Restore();
    }

    public IPEndPoint Endpoint { get; }

    public string Remote => $"tcp:{Endpoint.Address}:{Endpoint.Port}";

    /// <summary>Bytes forwarded from the server to clients so far (all connections).</summary>
    public long ServerToClientBytes => Interlocked.Read(ref _toClient);

    /// <summary>Forwarding towards clients has stopped at the point <see cref="PauseAfter"/> set.</summary>
    public bool Paused => ServerToClientBytes >= Interlocked.Read(ref _pauseAt);

    /// <summary>
    /// Forwards at most <paramref name="bytes"/> more from the server, then holds the rest until
    /// <see cref="Resume"/> (0: hold everything from now): a reply can be stopped halfway through.
    /// </summary>
    public void PauseAfter(long bytes) => Interlocked.Exchange(ref _pauseAt, ServerToClientBytes + bytes);

    /// <summary>Forwards everything again, what was held first.</summary>
    public void Resume() => Interlocked.Exchange(ref _pauseAt, long.MaxValue);

    /// <summary>Drops every connection and refuses new ones.</summary>
    public void Cut()
    {
        _cut?.Cancel();
        _listener?.Stop();
        lock (_lock)
        {
            foreach (var socket in _open)
            {
                socket.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Accepts and forwards again.</summary>
    public void Restore()
    {
        _cut = new CancellationTokenSource();
        _listener = new TcpListener(Endpoint);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        var listener = _listener;
        var token = _cut.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptSocketAsync(token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await server.ConnectAsync(_target, token);
                lock (_lock)
                {
                    _open.Add(client);
                    _open.Add(server);
                }

                _ = PumpAsync(client, server, toClient: false, token);
                _ = PumpAsync(server, client, toClient: true, token);
            }
        });
    }

    public void Dispose()
    {
        Cut();
        _cut?.Dispose();
    }

    private async Task PumpAsync(Socket from, Socket to, bool toClient, CancellationToken cut)
    {
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer, cut)) > 0)
            {
                if (!toClient)
                {
                    await to.SendAsync(buffer.AsMemory(0, n), cut);
                    continue;
                }

                int offset = 0;
                while (offset < n)
                {
                    long room = Interlocked.Read(ref _pauseAt) - ServerToClientBytes;
                    if (room <= 0)
                    {
                        // Paused: what the server sends meanwhile waits in its socket.
                        await Task.Delay(5, cut);
                        continue;
                    }

                    int chunk = (int)Math.Min(n - offset, room);
                    await to.SendAsync(buffer.AsMemory(offset, chunk), cut);
                    Interlocked.Add(ref _toClient, chunk);
                    offset += chunk;
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
