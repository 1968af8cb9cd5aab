using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExaHealth.Lab;

/// <summary>
/// A raw OVSDB JSON-RPC client for the harness, to write the Southbound directly (bulk loads,
/// status flips with a timestamp) the way ovn-controller would. ExaHealth itself never writes.
/// </summary>
public sealed class OvsdbTransactor : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _buffer = new byte[1 << 20];
    private readonly MemoryStream _pending = new();
    private long _id;

    public OvsdbTransactor(string unixSocket)
    {
        _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _socket.Connect(new UnixDomainSocketEndPoint(unixSocket));
    }

    /// <summary>
    /// Sends one transaction without waiting for its reply (a load generator pipelines them);
    /// <see cref="DrainReplies"/> must then run on another thread. Returns the request id.
    /// </summary>
    public long Send(string database, IEnumerable<JsonNode> operations)
    {
        long id = Interlocked.Increment(ref _id);
        var request = new JsonObject
        {
            ["id"] = id,
            ["method"] = "transact",
            ["params"] = new JsonArray([JsonValue.Create(database), .. operations.Select(o => o.DeepClone())]),
        };
        _socket.Send(Encoding.UTF8.GetBytes(request.ToJsonString()));
        return id;
    }

    /// <summary>Reads replies of <see cref="Send"/> until the connection closes or <paramref name="cancellationToken"/> fires; counts failures.</summary>
    public void DrainReplies(Action<long, bool> replied, CancellationToken cancellationToken)
    {
        using var registration = cancellationToken.Register(() => _socket.Shutdown(SocketShutdown.Both));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var reply = Receive();
                if (reply["id"]?.GetValueKind() == JsonValueKind.Number)
                {
                    bool ok = reply["error"] is null || reply["error"]!.GetValueKind() == JsonValueKind.Null;
                    replied(reply["id"]!.GetValue<long>(), ok);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Runs one transaction and returns its result array; an error in the reply or in any operation throws.</summary>
    public JsonArray Transact(string database, IEnumerable<JsonNode> operations)
    {
        long id = Interlocked.Increment(ref _id);
        var request = new JsonObject
        {
            ["id"] = id,
            ["method"] = "transact",
            ["params"] = new JsonArray([JsonValue.Create(database), .. operations.Select(o => o.DeepClone())]),
        };
        _socket.Send(Encoding.UTF8.GetBytes(request.ToJsonString()));
        while (true)
        {
            var reply = Receive();
            if (reply["id"]?.GetValueKind() == JsonValueKind.Number && reply["id"]!.GetValue<long>() == id)
            {
                if (reply["error"] is JsonNode error && error.GetValueKind() != JsonValueKind.Null)
                {
                    throw new InvalidOperationException("transact failed: " + error.ToJsonString());
                }

                var result = reply["result"]!.AsArray();
                foreach (var item in result)
                {
                    if (item?["error"] is JsonNode failed)
                    {
                        throw new InvalidOperationException("transact operation failed: " + item.ToJsonString() + " " + failed);
                    }
                }

                return result;
            }

            if (reply["method"]?.GetValue<string>() == "echo")
            {
                _socket.Send(Encoding.UTF8.GetBytes(new JsonObject { ["id"] = reply["id"]?.DeepClone(), ["result"] = reply["params"]?.DeepClone(), ["error"] = null }.ToJsonString()));
            }
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        _pending.Dispose();
    }

    private JsonNode Receive()
    {
        while (true)
        {
            if (TryTake(out var message))
            {
                return message;
            }

            int n = _socket.Receive(_buffer);
            if (n == 0)
            {
                throw new IOException("ovsdb-server closed the connection");
            }

            _pending.Write(_buffer, 0, n);
        }
    }

    private bool TryTake(out JsonNode message)
    {
        message = null!;
        var bytes = _pending.GetBuffer().AsSpan(0, (int)_pending.Length);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || !reader.TrySkip())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        int length = (int)reader.BytesConsumed;
        message = JsonNode.Parse(bytes[..length])!;
        var rest = bytes[length..].ToArray();
        _pending.SetLength(0);
        _pending.Write(rest);
        return true;
    }
}
