using System.Net;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// An ExaBGP command line read back (SPEC section 4 grammar): the neighbors it is for (empty: all),
/// announce or withdraw, its prefixes, and its attribute text (what a router would hold).
/// </summary>
internal sealed record ParsedCommand(IPAddress[] Neighbors, bool Announce, IPNetwork[] Prefixes, string Attributes)
{
    public static ParsedCommand Parse(string line)
    {
        var neighbors = new List<IPAddress>();
        var rest = line;
        while (rest.StartsWith("neighbor ", StringComparison.Ordinal))
        {
            rest = rest["neighbor ".Length..];
            int end = rest.IndexOf(' ', StringComparison.Ordinal);
            neighbors.Add(IPAddress.Parse(rest[..end].TrimEnd(',')));
            rest = rest[(end + 1)..];
        }

        bool announce = rest.StartsWith("announce ", StringComparison.Ordinal);
        if (!announce && !rest.StartsWith("withdraw ", StringComparison.Ordinal))
        {
            throw new FormatException("neither announce nor withdraw: " + line);
        }

        rest = rest["announce ".Length..];
        if (rest.StartsWith("route ", StringComparison.Ordinal))
        {
            var words = rest["route ".Length..].Split(' ', 2);
            return new ParsedCommand([.. neighbors], announce, [IPNetwork.Parse(words[0])], words[1]);
        }

        if (!rest.StartsWith("attributes ", StringComparison.Ordinal))
        {
            throw new FormatException("neither route nor attributes: " + line);
        }

        var parts = rest["attributes ".Length..].Split(" nlri ");
        return new ParsedCommand([.. neighbors], announce, [.. parts[1].Split(' ').Select(IPNetwork.Parse)], parts[0]);
    }
}
