using System.Net;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// What ExaBGP holds for each peer after the lines it accepted: prefix to attribute text. A line
/// without neighbors is for every peer; a line answered <c>error</c> is never applied.
/// </summary>
internal sealed class ExaBgpRib
{
    private readonly Dictionary<IPAddress, SortedDictionary<string, string>> _peers =
        OvnPools.Peers.ToDictionary(p => p, _ => new SortedDictionary<string, string>(StringComparer.Ordinal));

    public void Apply(string line)
    {
        var command = ParsedCommand.Parse(line);
        foreach (var peer in command.Neighbors.Length == 0 ? OvnPools.Peers : command.Neighbors)
        {
            var routes = _peers[peer];
            foreach (var prefix in command.Prefixes)
            {
                if (command.Announce)
                {
                    routes[prefix.ToString()] = command.Attributes;
                }
                else
                {
                    routes.Remove(prefix.ToString());
                }
            }
        }
    }

    /// <summary>One line per peer and route, for an equality assertion that shows both sides.</summary>
    public string Text() => string.Join("\n", _peers.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal)
        .SelectMany(p => p.Value.Select(r => $"{p.Key} {r.Key} {r.Value}")));
}
