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
/// once a minute, and never stops the plugin. Reading is <see cref="AnnouncedLoader"/>'s, writing
/// <see cref="AnnouncedWriter"/>'s; this type decides what to write and when.
/// </summary>
internal sealed class AnnouncedStore
{
    private const int MinJournalLines = 1024;

    private readonly Dictionary<IPNetwork, Route> _persisted = [];
    private readonly List<IPNetwork> _removed = [];
    private readonly AnnouncedWriter _writer;
    private readonly ILogger _logger;
    private int _journalLines;

    public AnnouncedStore(string directory, TimeProvider time, ILogger logger)
    {
        FilePath = Path.Combine(directory, "announced.json");
        JournalPath = Path.Combine(directory, "announced.journal");
        _writer = new AnnouncedWriter(FilePath, JournalPath, time, logger);
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
                AnnouncedLoader.LoadSnapshot(FilePath, _persisted, _logger);
            }

            if (File.Exists(JournalPath))
            {
                AnnouncedLoader.ReplayJournal(JournalPath, _persisted, _logger, ref _journalLines);
            }

            StateLog.StateLoaded(_logger, FilePath, _persisted.Count);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            StateLog.StateFileError(_logger, FilePath,
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
                (added ??= []).Add(PersistedForm.Added(change.Route));
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
                (changes ??= []).Add(PersistedForm.Added(route));
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

    /// <summary>What a withdraw needs: next-hop and neighbors.</summary>
    private static bool SameWithdrawal(Route a, Route b) =>
        a.Attributes.NextHop == b.Attributes.NextHop && a.Attributes.Neighbors.SequenceEqual(b.Attributes.Neighbors);

    // The count follows the journal file itself, so a failed append does not bring a rewrite closer.
    private void Append(List<PersistedChange> changes)
    {
        if (_writer.Append(changes))
        {
            _journalLines += changes.Count;
        }
    }

    private void Rewrite()
    {
        if (_writer.Rewrite(_persisted.Values))
        {
            _journalLines = 0;
        }
    }
}
