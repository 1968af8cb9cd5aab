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

    public TcpProxy(IPAddress listen, int port, IPEndPoint target)
    {
        Endpoint = new IPEndPoint(listen, port);
        _target = target;
        Restore();
    }

    public IPEndPoint Endpoint { get; }

    public string Remote => $"tcp:{Endpoint.Address}:{Endpoint.Port}";

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

                _ = PumpAsync(client, server);
                _ = PumpAsync(server, client);
            }
        });
    }

    public void Dispose()
    {
        Cut();
        _cut?.Dispose();
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await from.ReceiveAsync(buffer)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
