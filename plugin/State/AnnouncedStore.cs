using System.Net;
using System.Text.Json;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.State;

/// <summary>
/// The announced set on disk, for restart reconciliation (SPEC sections 1 and 6). The files are kept
/// a superset of what ExaBGP may hold from us: a new prefix is written before its announce goes to
/// stdout, and a prefix leaves only once nothing is waiting to be written, so a crash at any moment
/// leaves every route we may have announced in them. Each change costs a line appended to a journal
/// (<c>announced.journal</c>) beside the snapshot (<c>announced.json</c>), which is rewritten only
/// when the journal has grown as long as the set: the cost per change does not grow with the number
/// of routes. Neither is flushed to disk: they serve a restart of the process while ExaBGP runs on,
/// and an operating-system crash takes ExaBGP's routes with it. Unwritable storage is logged, at most
/// once a minute, and never stops the plugin.
/// </summary>
internal sealed class AnnouncedStore
{
    private const int Version = 1;
    private const int MinJournalLines = 1024;

    private readonly Dictionary<IPNetwork, Route> _persisted = [];
    private readonly List<IPNetwork> _removed = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset _lastError = DateTimeOffset.MinValue;
    private int _journalLines;

    public AnnouncedStore(string directory, TimeProvider time, ILogger logger)
    {
        FilePath = Path.Combine(directory, "announced.json");
        JournalPath = Path.Combine(directory, "announced.journal");
        _time = time;
        _logger = logger;
    }

    public string FilePath { get; }

    public string JournalPath { get; }

    /// <summary>The routes a previous incarnation left (snapshot, then journal); entries that do not parse are skipped.</summary>
    public List<Route> Load()
    {
        if (!File.Exists(FilePath) && !File.Exists(JournalPath))
        {
            return [];
        }

        try
        {
            if (File.Exists(FilePath))
            {
                LoadSnapshot();
            }

            if (File.Exists(JournalPath))
            {
                ReplayJournal();
            }

            Runtime.RuntimeLog.StateLoaded(_logger, FilePath, _persisted.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            Runtime.RuntimeLog.StateFileError(_logger, FilePath,
                $"cannot read it ({ex.Message}); routes announced by a previous incarnation will not be withdrawn");
        }

        return [.. _persisted.Values];
    }

    /// <summary>
    /// state.directory changed (SIGHUP): this store takes over everything <paramref name="previous"/>
    /// holds and writes it whole, so that a restart reading the new directory knows what ExaBGP may
    /// hold. The old directory's files are left as they are: a superset is always safe to reconcile.
    /// </summary>
    public void TakeOver(AnnouncedStore previous)
    {
        _persisted.Clear();
        foreach (var (prefix, route) in previous._persisted)
        {
            _persisted[prefix] = route;
        }

        Rewrite();
    }

    /// <summary>Records the new prefixes (or new next-hops) of a batch before it goes to ExaBGP.</summary>
    public void BeforeSend(IReadOnlyList<RouteChange> changes)
    {
        List<PersistedChange>? added = null;
        foreach (var change in changes)
        {
            // A replay targets one peer for a moment; the route ExaBGP keeps is still the one recorded.
            if (change.Kind == RouteChangeKind.Announce && change.Mode != RouteChangeMode.Replay
                && (!_persisted.TryGetValue(change.Route.Prefix, out var known) || !SameWithdrawal(known, change.Route)))
            {
                _persisted[change.Route.Prefix] = change.Route;
                (added ??= []).Add(Added(change.Route));
            }
        }

        if (added is not null)
        {
            Append(added);
        }
    }

    /// <summary>
    /// Once everything has been written to ExaBGP: drops the prefixes no longer announced (a journal
    /// line each) and keeps the live route objects; rewrites the snapshot when the journal is long.
    /// </summary>
    public void Compact(IReadOnlyCollection<Route> announced, Func<IPNetwork, Route?> find)
    {
        _removed.Clear();
        foreach (var (prefix, route) in _persisted)
        {
            if (find(prefix) is not { } current || !SameWithdrawal(route, current))
            {
                _removed.Add(prefix);
            }
        }

        List<PersistedChange>? changes = null;
        foreach (var prefix in _removed)
        {
            _persisted.Remove(prefix);
            (changes ??= []).Add(new PersistedChange(Removed: prefix.ToString()));
        }

        // The announced objects replace equal ones (those read at start), which would otherwise stay alive twice.
        foreach (var route in announced)
        {
            if (!_persisted.ContainsKey(route.Prefix))
            {
                (changes ??= []).Add(Added(route));
            }

            _persisted[route.Prefix] = route;
        }

        if (changes is not null)
        {
            Append(changes);
        }

        if (_journalLines > Math.Max(MinJournalLines, _persisted.Count))
        {
            Rewrite();
        }
    }

    /// <summary>
    /// The snapshot, entry by entry: one entry that is null, of the wrong shape or not a host route
    /// is skipped (a warning says how many) rather than costing the others or crashing every respawn.
    /// </summary>
    private void LoadSnapshot()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the file is not a JSON object");
        }

        int skipped = 0;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!property.Name.Equals("routes", StringComparison.OrdinalIgnoreCase) || property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var element in property.Value.EnumerateArray())
            {
                if (ReadEntry(element) is { } entry && TryParse(entry, out var route))
                {
                    _persisted[route.Prefix] = route;
                }
                else
                {
                    skipped++;
                }
            }
        }

        if (skipped > 0)
        {
            Runtime.RuntimeLog.StateEntriesSkipped(_logger, FilePath, skipped);
        }
    }

    private static PersistedRoute? ReadEntry(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        try
        {
            return element.Deserialize(StateJsonContext.Default.PersistedRoute);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void ReplayJournal()
    {
        int skipped = 0;
        foreach (var line in File.ReadLines(JournalPath))
        {
            _journalLines++;
            PersistedChange? change = null;
            try
            {
                change = JsonSerializer.Deserialize(line, StateJournalJsonContext.Default.PersistedChange);
            }
            catch (JsonException)
            {
                // A line cut short by a crash: the rest of the journal still counts.
            }

            if (change?.Removed is { } removed && IPNetwork.TryParse(removed, out var prefix))
            {
                _persisted.Remove(prefix);
            }
            else if (change?.Added is { } entry && TryParse(entry, out var route))
            {
                _persisted[route.Prefix] = route;
            }
            else
            {
                skipped++;
            }
        }

        if (skipped > 0)
        {
            Runtime.RuntimeLog.StateFileError(_logger, JournalPath, $"{skipped} journal lines did not parse and were skipped");
        }
    }

    private void Append(List<PersistedChange> changes)
    {
        var text = new System.Text.StringBuilder(changes.Count * 96);
        foreach (var change in changes)
        {
            text.Append(JsonSerializer.Serialize(change, StateJournalJsonContext.Default.PersistedChange)).Append('\n');
        }

        Try(() =>
        {
            AtomicFile.EnsureDirectory(Path.GetDirectoryName(JournalPath)!);
            File.AppendAllText(JournalPath, text.ToString());
            _journalLines += changes.Count;
        });
    }

    private void Rewrite()
    {
        var head = JsonSerializer.SerializeToElement(new PersistedState(Version, []), StateJsonContext.Default.PersistedState);
        var routes = _persisted.Values.Select(ToPersisted);
        Try(() =>
        {
            AtomicFile.Write(FilePath, stream => StreamedJson.Write(stream, head, "routes", routes, StateJsonContext.Default.PersistedRoute, indented: true));
            File.WriteAllBytes(JournalPath, []);
            _journalLines = 0;
        });
    }

    private void Try(Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var now = _time.GetUtcNow();
            if (now - _lastError >= TimeSpan.FromMinutes(1))
            {
                _lastError = now;
                Runtime.RuntimeLog.StateFileError(_logger, FilePath,
                    $"cannot write it ({ex.Message}); after a restart, routes announced now may not be withdrawn");
            }
        }
    }

    private static PersistedChange Added(Route route) => new(Added: ToPersisted(route));

    private static PersistedRoute ToPersisted(Route route) => new(
        route.Prefix.ToString(),
        route.Attributes.NextHop.Address?.ToString() ?? "self",
        [.. route.Attributes.Neighbors.Select(n => n.ToString())]);

    /// <summary>What a withdraw needs: next-hop and neighbors.</summary>
    private static bool SameWithdrawal(Route a, Route b) =>
        a.Attributes.NextHop == b.Attributes.NextHop && a.Attributes.Neighbors.SequenceEqual(b.Attributes.Neighbors);

    /// <summary>Database-independent, but still parsed: a state file is only trusted as far as it parses.</summary>
    private static bool TryParse(PersistedRoute entry, out Route route)
    {
        route = null!;
        if (entry.Prefix is null || !IPNetwork.TryParse(entry.Prefix, out var prefix)
            || prefix.PrefixLength != (prefix.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128))
        {
            return false;
        }

        NextHop nextHop;
        if (entry.NextHop == "self")
        {
            nextHop = NextHop.Self;
        }
        else if (entry.NextHop is not null && IPAddress.TryParse(entry.NextHop, out var address) && !entry.NextHop.Contains('%', StringComparison.Ordinal))
        {
            nextHop = new NextHop(address);
        }
        else
        {
            return false;
        }

        var neighbors = new List<IPAddress>();
        foreach (var text in entry.Neighbors ?? [])
        {
            if (!IPAddress.TryParse(text, out var neighbor) || text.Contains('%', StringComparison.Ordinal))
            {
                return false;
            }

            neighbors.Add(neighbor);
        }

        route = new Route(prefix, new RouteAttributes { NextHop = nextHop, Neighbors = [.. neighbors] });
        return true;
    }
}
