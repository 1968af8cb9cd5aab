using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ExaHealth.Routes;

namespace ExaHealth.ExaBgp;

/// <summary>
/// Route changes to ExaBGP API lines, per SPEC section 4. Every token comes from a typed value
/// (prefix, address, number, enum), never from text read elsewhere, so no database content can
/// reach a command. Changes of one batch that share kind, family, attributes and neighbors are
/// grouped into <c>attributes ... nlri</c> lines of at most <see cref="MaxPrefixesPerLine"/>, in
/// address order: ExaBGP and the router take neighbouring prefixes faster than the tables' hash
/// order (issue 12: ExaBGP's own feeder, 10,000 withdraws into GoBGP, 350 ms sorted, 420–485 ms in
/// hash order), and an operator reads them more easily.
/// </summary>
internal static class CommandFormatter
{
    public const int MaxPrefixesPerLine = 48;

    public static List<string> Format(IReadOnlyList<RouteChange> changes) => [.. Commands(changes).Select(c => c.Line)];

    /// <summary>
    /// <paramref name="command"/> without its replays of <paramref name="refused"/> prefixes: null when
    /// nothing is left, the command itself when nothing was taken out, else the rest on a line of its own.
    /// </summary>
    public static RouteCommand? WithoutReplaysOf(RouteCommand command, IReadOnlySet<IPNetwork> refused)
    {
        var rest = command.Changes.Where(c => c.Mode != RouteChangeMode.Replay || !refused.Contains(c.Route.Prefix)).ToArray();
        return rest.Length == command.Changes.Length ? command
            : rest.Length == 0 ? null
            : Commands(rest).Single();
    }

    /// <summary>The lines, each with the changes it carries, so that an answer to a line can be traced to its routes.</summary>
    public static List<RouteCommand> Commands(IReadOnlyList<RouteChange> changes)
    {
        // A change joins the latest group of its kind and attributes, unless its prefix already went
        // into a later group (a withdraw before a re-announce to other neighbors): then it opens a new
        // group, so that the lines keep the order of each prefix's changes.
        var groups = new List<(GroupKey Key, List<RouteChange> Members)>();
        var open = new Dictionary<GroupKey, int>();
        var placed = new Dictionary<IPNetwork, int>(changes.Count);
        GroupKey previous = default;
        int previousIndex = -1;
        foreach (var change in changes)
        {
            var key = new GroupKey(change.Kind, change.Route.Prefix.BaseAddress.AddressFamily, change.Route.Attributes);
            var prefix = change.Route.Prefix;
            // A batch's changes mostly share one attributes object: the group of the change before
            // is this one's without hashing the attributes again (open holds it under the same key).
            int index = previousIndex >= 0 && key.Kind == previous.Kind && key.Family == previous.Family && ReferenceEquals(key.Attributes, previous.Attributes)
                ? previousIndex
                : open.GetValueOrDefault(key, -1);
            if (index < 0 || (placed.TryGetValue(prefix, out int last) && last >= index))
            {
                index = groups.Count;
                groups.Add((key, []));
                open[key] = index;
            }

            groups[index].Members.Add(change);
            placed[prefix] = index;
            (previous, previousIndex) = (key, index);
        }

        var commands = new List<RouteCommand>();
        foreach (var (key, members) in groups)
        {
            // A prefix is in a group once, and groups keep their order: sorting inside one keeps each prefix's order.
            var sorted = PrefixOrder.Sort(members);
            for (int start = 0; start < sorted.Length; start += MaxPrefixesPerLine)
            {
                var carried = sorted[start..Math.Min(start + MaxPrefixesPerLine, sorted.Length)];
                commands.Add(new RouteCommand(FormatLine(key.Kind, key.Attributes, carried), carried));
            }
        }

        return commands;
    }

    private static string FormatLine(RouteChangeKind kind, RouteAttributes attributes, RouteChange[] changes)
    {
        var line = new StringBuilder(64 + (changes.Length * 20));
        AppendNeighbors(line, attributes);
        line.Append(kind == RouteChangeKind.Announce ? "announce " : "withdraw ");
        if (changes.Length == 1)
        {
            line.Append("route ");
            AppendPrefix(line, changes[0].Route.Prefix);
            line.Append(' ');
            AppendAttributes(line, kind, attributes);
        }
        else
        {
            line.Append("attributes ");
            AppendAttributes(line, kind, attributes);
            line.Append(" nlri");
            foreach (var change in changes)
            {
                line.Append(' ');
                AppendPrefix(line, change.Route.Prefix);
            }
        }

        return line.ToString();
    }

    private static void AppendNeighbors(StringBuilder line, RouteAttributes attributes)
    {
        for (int i = 0; i < attributes.Neighbors.Length; i++)
        {
            line.Append(i == 0 ? "neighbor " : ", neighbor ");
            line.Append(attributes.Neighbors[i].ToString());
        }

        if (attributes.Neighbors.Length > 0)
        {
            line.Append(' ');
        }
    }

    /// <summary>A withdraw carries only the next-hop: ExaBGP 4.2 matches on it and needs nothing else.</summary>
    private static void AppendAttributes(StringBuilder line, RouteChangeKind kind, RouteAttributes attributes)
    {
        line.Append("next-hop ");
        line.Append(attributes.NextHop.Address?.ToString() ?? "self");
        if (kind == RouteChangeKind.Withdraw)
        {
            return;
        }

        if (attributes.Origin is { } origin)
        {
            line.Append(origin switch { Origin.Igp => " origin igp", Origin.Egp => " origin egp", _ => " origin incomplete" });
        }

        if (!attributes.AsPath.IsEmpty)
        {
            line.Append(" as-path [");
            line.AppendJoin(' ', attributes.AsPath.Select(asn => asn.ToString(CultureInfo.InvariantCulture)));
            line.Append(']');
        }

        if (attributes.Med is { } med)
        {
            line.Append(CultureInfo.InvariantCulture, $" med {med}");
        }

        if (attributes.LocalPreference is { } localPreference)
        {
            line.Append(CultureInfo.InvariantCulture, $" local-preference {localPreference}");
        }

        if (!attributes.Communities.IsEmpty)
        {
            line.Append(" community [");
            line.AppendJoin(' ', attributes.Communities.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Asn}:{c.Value}")));
            line.Append(']');
        }

        if (!attributes.LargeCommunities.IsEmpty)
        {
            line.Append(" large-community [");
            line.AppendJoin(' ', attributes.LargeCommunities.Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{c.GlobalAdministrator}:{c.LocalData1}:{c.LocalData2}")));
            line.Append(']');
        }
    }

    private static void AppendPrefix(StringBuilder line, IPNetwork prefix)
    {
        line.Append(prefix.BaseAddress.ToString());
        line.Append('/');
        line.Append(prefix.PrefixLength.ToString(CultureInfo.InvariantCulture));
    }

    private readonly record struct GroupKey(RouteChangeKind Kind, AddressFamily Family, RouteAttributes Attributes);
}
