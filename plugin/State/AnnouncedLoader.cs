using System.Net;
using System.Text.Json;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.State;

/// <summary>
/// Reads what a previous incarnation left: the snapshot, then the journal replayed over it. A file
/// that cannot be read at all throws to the caller, which logs it and starts from what was read.
/// </summary>
internal static class AnnouncedLoader
{
    /// <summary>
    /// The snapshot, entry by entry: one entry that is null, of the wrong shape or not a host route
    /// is skipped (a warning says how many) rather than costing the others or crashing every respawn.
    /// </summary>
    public static void LoadSnapshot(string path, Dictionary<IPNetwork, Route> persisted, ILogger logger)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
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
                if (PersistedForm.ReadEntry(element) is { } entry && PersistedForm.TryParse(entry, out var route))
                {
                    persisted[route.Prefix] = route;
                }
                else
                {
                    skipped++;
                }
            }
        }

        if (skipped > 0)
        {
            StateLog.StateEntriesSkipped(logger, path, skipped);
        }
    }

    /// <summary>
    /// Applies the journal's lines in order, counting each in <paramref name="lines"/> as it is read
    /// (so a read that fails half way still leaves the count of what was applied).
    /// </summary>
    public static void ReplayJournal(string path, Dictionary<IPNetwork, Route> persisted, ILogger logger, ref int lines)
    {
        int skipped = 0;
        foreach (var line in File.ReadLines(path))
        {
            lines++;
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
                persisted.Remove(prefix);
            }
            else if (change?.Added is { } entry && PersistedForm.TryParse(entry, out var route))
            {
                persisted[route.Prefix] = route;
            }
            else
            {
                skipped++;
            }
        }

        if (skipped > 0)
        {
            StateLog.StateFileError(logger, path, $"{skipped} journal lines did not parse and were skipped");
        }
    }
}
