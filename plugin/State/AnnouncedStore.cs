using System.Net;
using System.Text.Json;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.State;

/// <summary>
/// The announced set on disk, for restart reconciliation (SPEC sections 1 and 6). The file is kept
/// a superset of what ExaBGP may hold from us: a new prefix is written before its announce goes to
/// stdout, and the file shrinks only when nothing is waiting to be written, so a crash at any
/// moment leaves every route we may have announced in it. Unwritable storage is logged, at most
/// once a minute, and never stops the plugin.
/// </summary>
internal sealed class AnnouncedStore
{
    private const int Version = 1;

    private readonly Dictionary<IPNetwork, Route> _persisted = [];
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private DateTimeOffset _lastError = DateTimeOffset.MinValue;

    public AnnouncedStore(string directory, TimeProvider time, ILogger logger)
    {
        FilePath = Path.Combine(directory, "announced.json");
        _time = time;
        _logger = logger;
    }

    public string FilePath { get; }

    /// <summary>The routes a previous incarnation left; entries that do not parse are skipped.</summary>
    public List<Route> Load()
    {
        var routes = new List<Route>();
        try
        {
            if (!File.Exists(FilePath))
            {
                return routes;
            }

            var state = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), StateJsonContext.Default.PersistedState);
            foreach (var entry in state?.Routes ?? [])
            {
                if (TryParse(entry, out var route))
                {
                    routes.Add(route);
                    _persisted[route.Prefix] = route;
                }
            }

            Runtime.RuntimeLog.StateLoaded(_logger, FilePath, routes.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            Runtime.RuntimeLog.StateFileError(_logger, FilePath,
                $"cannot read it ({ex.Message}); routes announced by a previous incarnation will not be withdrawn");
        }

        return routes;
    }

    /// <summary>Call before handing <paramref name="changes"/> to the writer: records new prefixes first.</summary>
    public void BeforeSend(IReadOnlyList<RouteChange> changes)
    {
        bool grew = false;
        foreach (var change in changes)
        {
            // A replay targets one peer for a moment; the route ExaBGP keeps is still the one recorded.
            if (change.Kind == RouteChangeKind.Announce && change.Mode != RouteChangeMode.Replay
                && (!_persisted.TryGetValue(change.Route.Prefix, out var known) || !SameWithdrawal(known, change.Route)))
            {
                _persisted[change.Route.Prefix] = change.Route;
                grew = true;
            }
        }

        if (grew)
        {
            Save();
        }
    }

    /// <summary>Call when nothing is waiting to be written: the file becomes exactly the announced set.</summary>
    public void Compact(IReadOnlyCollection<Route> announced)
    {
        bool same = announced.Count == _persisted.Count;
        foreach (var route in announced)
        {
            same = same && _persisted.TryGetValue(route.Prefix, out var persisted) && SameWithdrawal(persisted, route);
        }

        // The announced objects replace equal ones (those read at start), which would otherwise stay alive twice.
        _persisted.Clear();
        foreach (var route in announced)
        {
            _persisted[route.Prefix] = route;
        }

        if (!same)
        {
            Save();
        }
    }

    private void Save()
    {
        var head = JsonSerializer.SerializeToElement(new PersistedState(Version, []), StateJsonContext.Default.PersistedState);
        var routes = _persisted.Values.Select(r => new PersistedRoute(
            r.Prefix.ToString(),
            r.Attributes.NextHop.Address?.ToString() ?? "self",
            [.. r.Attributes.Neighbors.Select(n => n.ToString())]));
        try
        {
            AtomicFile.Write(FilePath, stream => StreamedJson.Write(stream, head, "routes", routes, StateJsonContext.Default.PersistedRoute, indented: true));
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
