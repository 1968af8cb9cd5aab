using System.Text.Json;
using System.Text.Json.Nodes;
using ExaHealth.Lab;

namespace ExaHealth.Benchmarks;

/// <summary>
/// What the Southbound holds at one moment, read with one select transaction (a consistent
/// snapshot): every Service_Monitor status by row UUID, and the prefixes that withdrawWhen
/// any-offline announces: a VIP address whose backends, over every load balancer that lists it,
/// are all online (an empty status counts online, policy.emptyStatus's default).
/// </summary>
internal sealed record SouthboundState(HashSet<string> Announced, Dictionary<string, string> StatusByUuid)
{
    public static SouthboundState Read(string socket)
    {
        using var db = new OvsdbTransactor(socket);
        var result = db.Transact("OVN_Southbound",
        [
            Select("Service_Monitor", "_uuid", "ip", "port", "protocol", "status"),
            Select("Load_Balancer", "vips", "protocol"),
        ]);
        var statusByUuid = new Dictionary<string, string>();
        var online = new Dictionary<(string Ip, long Port, string Protocol), bool>();
        foreach (var row in result[0]!["rows"]!.AsArray())
        {
            string status = Optional(row!["status"]) ?? string.Empty;
            statusByUuid[row["_uuid"]![1]!.GetValue<string>()] = status;
            online[(row["ip"]!.GetValue<string>(), row["port"]!.GetValue<long>(), Optional(row["protocol"]) ?? "tcp")] = status is "online" or "";
        }

        var healthy = new Dictionary<string, bool>();
        foreach (var row in result[1]!["rows"]!.AsArray())
        {
            string protocol = Optional(row!["protocol"]) ?? "tcp";
            foreach (var pair in row["vips"]![1]!.AsArray())
            {
                string vip = Address(pair![0]!.GetValue<string>());
                bool all = pair[1]!.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries)
                    .All(b => online.TryGetValue((Address(b), Port(b), protocol), out bool up)
                        ? up
                        : throw new InvalidOperationException($"backend {b} of {vip} has no Service_Monitor row"));
                healthy[vip] = healthy.GetValueOrDefault(vip, true) && all;
            }
        }

        return new SouthboundState([.. healthy.Where(h => h.Value).Select(h => h.Key + "/32")], statusByUuid);
    }

    private static JsonObject Select(string table, params string[] columns) => new()
    {
        ["op"] = "select",
        ["table"] = table,
        ["where"] = new JsonArray(),
        ["columns"] = new JsonArray([.. columns.Select(c => JsonValue.Create(c))]),
    };

    /// <summary>An optional column (RFC 7047 §5.1): the value itself, or ["set", []] when empty.</summary>
    private static string? Optional(JsonNode? value) =>
        value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    // The fill writes IPv4 "IP:PORT" only; anything else here is a bug of the harness, not data to skip.
    private static string Address(string endpoint) => endpoint[..endpoint.LastIndexOf(':')];

    private static long Port(string endpoint) => long.Parse(endpoint[(endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
