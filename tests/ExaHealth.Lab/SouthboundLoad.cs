using System.Globalization;
using System.Text.Json.Nodes;

namespace ExaHealth.Lab;

/// <summary>
/// Fills a Southbound without ovn-northd (which would delete rows it does not own) with N load
/// balancers of B backends each and one Service_Monitor row per backend, in batched transactions.
/// VIP i is 10.0.x.y (i = 256x + y, from 10.0.0.1), backend k is 10.128.0.0 + k, port 80.
/// </summary>
public static class SouthboundLoad
{
    public static string Vip(int i) => Address(0x0A000000 + 1 + i);

    public static string Backend(int k) => Address(0x0A800000 + 1 + k);

    /// <summary>Inserts the rows; returns the Service_Monitor row UUIDs, backend k at index k.</summary>
    public static string[] Fill(string unixSocket, int balancers, int backendsPerBalancer, string status = "online", int batch = 500)
    {
        var uuids = new string[balancers * backendsPerBalancer];
        using var db = new OvsdbTransactor(unixSocket);
        for (int start = 0; start < balancers; start += batch)
        {
            var operations = new List<JsonNode>();
            for (int i = start; i < Math.Min(balancers, start + batch); i++)
            {
                var backends = Enumerable.Range(i * backendsPerBalancer, backendsPerBalancer).ToList();
                operations.Add(new JsonObject
                {
                    ["op"] = "insert",
                    ["table"] = "Load_Balancer",
                    ["row"] = new JsonObject
                    {
                        ["name"] = string.Create(CultureInfo.InvariantCulture, $"bench-lb-{i}"),
                        ["protocol"] = "tcp",
                        ["vips"] = new JsonArray("map", new JsonArray(new JsonArray(Vip(i) + ":80", string.Join(',', backends.Select(k => Backend(k) + ":80"))))),
                    },
                });
                foreach (int k in backends)
                {
                    operations.Add(new JsonObject
                    {
                        ["op"] = "insert",
                        ["table"] = "Service_Monitor",
                        ["row"] = new JsonObject
                        {
                            ["ip"] = Backend(k),
                            ["port"] = 80,
                            ["protocol"] = "tcp",
                            ["logical_port"] = string.Create(CultureInfo.InvariantCulture, $"bench-lsp-{k}"),
                            ["src_ip"] = "10.255.0.1",
                            ["src_mac"] = "0a:00:00:00:00:fe",
                            ["status"] = status,
                            ["options"] = new JsonArray("map", new JsonArray(new JsonArray("interval", "5"), new JsonArray("failure_count", "3"), new JsonArray("success_count", "3"))),
                        },
                    });
                }
            }

            var result = db.Transact("OVN_Southbound", operations);
            int next = start * backendsPerBalancer;
            for (int op = 0; op < result.Count; op++)
            {
                if (op % (backendsPerBalancer + 1) != 0)
                {
                    uuids[next++] = result[op]!["uuid"]![1]!.GetValue<string>();
                }
            }
        }

        return uuids;
    }

    /// <summary>Sets the status of one Service_Monitor row by its UUID (an indexed lookup for ovsdb-server).</summary>
    public static JsonObject SetStatusByUuid(string uuid, string status) => new()
    {
        ["op"] = "update",
        ["table"] = "Service_Monitor",
        ["where"] = new JsonArray(new JsonArray("_uuid", "==", new JsonArray("uuid", uuid))),
        ["row"] = new JsonObject { ["status"] = status },
    };

    /// <summary>Every Service_Monitor row at once, as in a site-wide failure.</summary>
    public static JsonObject SetAllStatuses(string status) => new()
    {
        ["op"] = "update",
        ["table"] = "Service_Monitor",
        ["where"] = new JsonArray(),
        ["row"] = new JsonObject { ["status"] = status },
    };

    /// <summary>Sets the status of backend <paramref name="k"/>'s row, as ovn-controller would.</summary>
    public static JsonObject SetStatus(int k, string status) => new()
    {
        ["op"] = "update",
        ["table"] = "Service_Monitor",
        ["where"] = new JsonArray(new JsonArray("ip", "==", Backend(k))),
        ["row"] = new JsonObject { ["status"] = status },
    };

    private static string Address(int value) =>
        string.Create(CultureInfo.InvariantCulture, $"{(value >> 24) & 255}.{(value >> 16) & 255}.{(value >> 8) & 255}.{value & 255}");
}
