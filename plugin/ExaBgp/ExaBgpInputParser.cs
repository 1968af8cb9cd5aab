using System.Net;
using System.Text;
using System.Text.Json;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Classifies what ExaBGP writes to the process: plain-text acks (<c>done</c>, <c>error</c>),
/// and neighbor state events as JSON (<c>encoder json</c>) or text (<c>encoder text</c>). Pure and
/// total: any input, however malformed, gives a result rather than an exception.
/// </summary>
internal static class ExaBgpInputParser
{
    public static ExaBgpInput Parse(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd("\r"u8).Trim(" \t"u8);
        if (line.IsEmpty)
        {
            return new(ExaBgpInputKind.Blank);
        }

        if (line.SequenceEqual("done"u8))
        {
            return new(ExaBgpInputKind.Done);
        }

        if (line.SequenceEqual("error"u8))
        {
            return new(ExaBgpInputKind.Error);
        }

        if (line[0] == (byte)'{')
        {
            return ParseJson(line);
        }

        return ParseText(line);
    }

    /// <summary><c>{"type":"state","neighbor":{"address":{"peer":"127.0.0.3"},"state":"up"}}</c> or <c>{"type":"notification","notification":"shutdown"}</c>.</summary>
    private static ExaBgpInput ParseJson(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 16 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type"u8, out var type) || type.ValueKind != JsonValueKind.String)
            {
                return new(ExaBgpInputKind.Other);
            }

            if (root.TryGetProperty("exabgp"u8, out var version) && version.ValueKind == JsonValueKind.String && Major(version.GetString()!) >= 6)
            {
                return new(ExaBgpInputKind.UnsupportedVersion);
            }

            if (type.ValueEquals("notification"u8))
            {
                return root.TryGetProperty("notification"u8, out var what) && what.ValueKind == JsonValueKind.String && what.ValueEquals("shutdown"u8)
                    ? new(ExaBgpInputKind.Shutdown)
                    : new(ExaBgpInputKind.Other);
            }

            if (!type.ValueEquals("state"u8)
                || !root.TryGetProperty("neighbor"u8, out var neighbor) || neighbor.ValueKind != JsonValueKind.Object
                || !neighbor.TryGetProperty("state"u8, out var state) || state.ValueKind != JsonValueKind.String
                || !neighbor.TryGetProperty("address"u8, out var address) || address.ValueKind != JsonValueKind.Object
                || !address.TryGetProperty("peer"u8, out var peer) || peer.ValueKind != JsonValueKind.String
                || !IPAddress.TryParse(peer.GetString()!, out var peerAddress))
            {
                return new(ExaBgpInputKind.Other);
            }

            return state.ValueEquals("up"u8) ? new(ExaBgpInputKind.NeighborUp, peerAddress)
                : state.ValueEquals("down"u8) ? new(ExaBgpInputKind.NeighborDown, peerAddress)
                : new(ExaBgpInputKind.Other, peerAddress);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or DecoderFallbackException)
        {
            // Malformed JSON, or a string that is not UTF-8 (found by the property tests).
            return new(ExaBgpInputKind.Other);
        }
    }

    /// <summary>The major number of a version such as "5.0.15" (4.2 and 5.x speak the grammar we write); 0 when it does not parse.</summary>
    private static int Major(string version)
    {
        int dot = version.IndexOf('.', StringComparison.Ordinal);
        return int.TryParse(dot < 0 ? version : version[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int major) ? major : 0;
    }

    /// <summary><c>neighbor 127.0.0.3 up</c>, <c>neighbor 127.0.0.3 down - reason</c>, <c>shutdown PID PPID</c>.</summary>
    private static ExaBgpInput ParseText(ReadOnlySpan<byte> line)
    {
        if (line.SequenceEqual("shutdown"u8) || line.StartsWith("shutdown "u8))
        {
            return new(ExaBgpInputKind.Shutdown);
        }

        if (!line.StartsWith("neighbor "u8))
        {
            return new(ExaBgpInputKind.Other);
        }

        var rest = line["neighbor "u8.Length..];
        int space = rest.IndexOf((byte)' ');
        if (space <= 0 || space > 45)
        {
            return new(ExaBgpInputKind.Other);
        }

        if (!IPAddress.TryParse(Encoding.ASCII.GetString(rest[..space]), out var peer))
        {
            return new(ExaBgpInputKind.Other);
        }

        var state = rest[(space + 1)..];
        return state.SequenceEqual("up"u8) ? new(ExaBgpInputKind.NeighborUp, peer)
            : state.StartsWith("down"u8) ? new(ExaBgpInputKind.NeighborDown, peer)
            : new(ExaBgpInputKind.Other, peer);
    }
}
