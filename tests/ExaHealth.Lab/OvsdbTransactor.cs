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

    /// <summary>Runs one transaction and returns its result array; an error in the reply or in any operation throws.</summary>
    public JsonArray Transact(string database, IEnumerable<JsonNode> operations)
    {
        long id = ++_id;
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
