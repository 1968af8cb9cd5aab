using System.Globalization;
using System.Text.Json;

namespace ExaHealth.Lab;

/// <summary>One of FRR's paths to a prefix, reduced to what the two-site tests and demo read.</summary>
public sealed record FrrPath(string Peer, bool Best, bool Multipath, long? LocalPreference, long? Med, string Communities)
{
    public static FrrPath From(JsonElement path) => new(
        path.TryGetProperty("peer", out var peer) && peer.TryGetProperty("peerId", out var id) ? id.GetString() ?? "?" : "?",
        path.TryGetProperty("bestpath", out var best) && best.TryGetProperty("overall", out var overall) && overall.GetBoolean(),
        path.TryGetProperty("multipath", out var multipath) && multipath.GetBoolean(),
        Number(path, "locPrf") ?? Number(path, "localpref"),
        Number(path, "metric") ?? Number(path, "med"),
        path.TryGetProperty("community", out var community) && community.TryGetProperty("string", out var text) ? text.GetString() ?? "" : "");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"via {Peer}{(Best ? " best" : "")}{(Multipath ? " multipath" : "")}{(LocalPreference is { } lp ? $" lp {lp}" : "")}{(Med is { } med ? $" med {med}" : "")}{(Communities.Length > 0 ? $" [{Communities}]" : "")}");

    private static long? Number(JsonElement path, string name) =>
        path.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
