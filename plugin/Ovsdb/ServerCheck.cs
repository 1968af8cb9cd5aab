using System.Globalization;

namespace ExaHealth.Ovsdb;

/// <summary>
/// Whether a server is fit to monitor, judged from its _Server row as ovsdb's own client library
/// does: a clustered member must be connected to its cluster, be the leader when leaderOnly asks
/// for it, and must not be behind a log index already seen elsewhere (a stale member would replay
/// the past). Standalone and relay servers are taken as they are. Pure.
/// </summary>
internal static class ServerCheck
{
    /// <returns>Null when fit; otherwise why not, for the log.</returns>
    public static string? Judge(ServerDatabaseRow? row, string database, bool leaderOnly, long maxIndexSeen)
    {
        if (row is null)
        {
            return $"the server does not serve database {database}";
        }

        if (row.Model != "clustered")
        {
            return null;
        }

        if (!row.Connected)
        {
            return "this cluster member is not connected to its cluster";
        }

        if (leaderOnly && !row.Leader)
        {
            return "this cluster member is not the leader (ovsdb.leaderOnly)";
        }

        if (row.Index is { } index && index < maxIndexSeen)
        {
            return string.Create(CultureInfo.InvariantCulture, $"this cluster member is stale (log index {index} < {maxIndexSeen} already seen)");
        }

        return null;
    }
}
