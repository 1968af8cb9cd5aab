using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using ExaHealth.Ovsdb;
using ExaHealth.Southbound;

namespace ExaHealth.Benchmarks;

/// <summary>
/// A raw client with the plugin's request (monitor_cond_since, so that ovsdb-server serializes
/// one update3 for both rather than an update2 first), kept open: it stamps when each later update
/// notification has arrived complete. That is the moment any client could start acting on a
/// change, so "notification → RIB" is what the plugin and ExaBGP take, and "commit →
/// notification" what ovsdb-server takes, however long each log line waits.
/// </summary>
internal sealed class NotificationWatcher : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _pipe;
    private readonly JsonMessageFramer _framer = new(1L << 32);

    public NotificationWatcher(string socketPath)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        _stream = new NetworkStream(_socket, ownsSocket: false);
        _pipe = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 16 * 1024));
        var request = new ArrayBufferWriter<byte>();
        OvsdbRequestWriter.WriteMonitor(request, 1, MonitorMethod.CondSince, SouthboundSchema.Request, "watch", null);
        _socket.Send(request.WrittenSpan);
        Next(reply: true);
    }

    /// <summary>Waits for the next update notification (echo requests are answered) and returns when it was complete.</summary>
    public DateTime Next() => Next(reply: false);

    /// <summary>As <see cref="Next()"/>, keeping the notification's bytes in a file (for the decode verb).</summary>
    public DateTime Next(string saveTo) => Next(reply: false, saveTo);

    public void Dispose()
    {
        _pipe.Complete();
        _stream.Dispose();
        _socket.Dispose();
    }

    private DateTime Next(bool reply, string? saveTo = null)
    {
        while (true)
        {
            var read = _pipe.ReadAsync().AsTask().GetAwaiter().GetResult();
            var buffer = read.Buffer;
            while (_framer.TryReadMessage(ref buffer, out var bytes))
            {
                var at = DateTime.UtcNow;
                var message = OvsdbMessageReader.Read(bytes);
                if (message.Method == "echo")
                {
                    var answer = new ArrayBufferWriter<byte>();
                    OvsdbRequestWriter.WriteEchoReply(answer, message.RawId, message.Params);
                    _socket.Send(answer.WrittenSpan);
                }
                else if (reply ? message.IsResponse : message.Method is "update" or "update2" or "update3")
                {
                    if (saveTo is not null)
                    {
                        File.WriteAllBytes(saveTo, bytes.ToArray());
                    }

                    _pipe.AdvanceTo(buffer.Start);
                    return at;
                }
            }

            if (read.IsCompleted)
            {
                throw new IOException("the Southbound closed the watcher's connection");
            }

            _pipe.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
