using ExaHealth.Ovsdb;

namespace ExaHealth.Tests.Properties;

/// <summary>
/// One OVN database as it truly is: whole rows of column values. A change is made on a copy and
/// sent as the update2 message ovsdb-server would write (insert, delete, or a modify carrying the
/// new scalar values and the differences of set and map columns), so that updates, resumed monitor
/// replies (the missed changes since what the client saw) and full snapshots all come from one model.
/// </summary>
internal sealed class OvnDatabase
{
    /// <summary>Columns whose modify carries a difference rather than the new value (ovsdb-server(7), row-update2).</summary>
    private static readonly HashSet<string> MapColumns = ["vips", "external_ids", "options", "ip_port_mappings"];

    private static readonly HashSet<string> SetColumns = ["health_check"];

    private readonly SortedDictionary<(string Table, Guid Uuid), Dictionary<string, OvsdbValue>> _rows = [];

    public int Count => _rows.Count;

    public Dictionary<string, OvsdbValue>? Find(string table, Guid uuid) => _rows.GetValueOrDefault((table, uuid));

    public IEnumerable<Guid> Uuids(string table) => _rows.Keys.Where(k => k.Table == table).Select(k => k.Uuid);

    /// <summary>Sets a whole row (null deletes it).</summary>
    public void Set(string table, Guid uuid, Dictionary<string, OvsdbValue>? row)
    {
        if (row is null)
        {
            _rows.Remove((table, uuid));
        }
        else
        {
            _rows[(table, uuid)] = row;
        }
    }

    public OvnDatabase Clone()
    {
        var copy = new OvnDatabase();
        foreach (var (key, row) in _rows)
        {
            copy._rows.Add(key, new Dictionary<string, OvsdbValue>(row));
        }

        return copy;
    }

    /// <summary>Every row as an initial row of a monitor reply; empty columns left out as the server leaves them out.</summary>
    public TableUpdate[] Snapshot() => [.. _rows
        .GroupBy(r => r.Key.Table)
        .Select(t => new TableUpdate(t.Key, [.. t.Select(r => new RowUpdate(r.Key.Uuid, RowChangeKind.Initial, NonEmpty(r.Value)))]))];

    /// <summary>What turns <paramref name="from"/> into this database, as one update2 message (empty when nothing differs).</summary>
    public TableUpdate[] ChangesSince(OvnDatabase from)
    {
        var rows = new List<((string Table, Guid Uuid) Key, RowUpdate Row)>();
        foreach (var key in _rows.Keys.Union(from._rows.Keys).Order())
        {
            var old = from._rows.GetValueOrDefault(key);
            var next = _rows.GetValueOrDefault(key);
            if (next is null)
            {
                rows.Add((key, new RowUpdate(key.Uuid, RowChangeKind.Delete, [])));
            }
            else if (old is null)
            {
                rows.Add((key, new RowUpdate(key.Uuid, RowChangeKind.Insert, NonEmpty(next))));
            }
            else if (Modified(old, next) is { Length: > 0 } columns)
            {
                rows.Add((key, new RowUpdate(key.Uuid, RowChangeKind.Modify, columns)));
            }
        }

        return [.. rows.GroupBy(r => r.Key.Table).Select(t => new TableUpdate(t.Key, [.. t.Select(r => r.Row)]))];
    }

    private static ColumnValue[] NonEmpty(Dictionary<string, OvsdbValue> row) =>
        [.. row.Where(c => !IsEmpty(c.Value)).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => new ColumnValue(c.Key, c.Value))];

    private static ColumnValue[] Modified(Dictionary<string, OvsdbValue> old, Dictionary<string, OvsdbValue> next)
    {
        var columns = new List<ColumnValue>();
        foreach (var name in old.Keys.Union(next.Keys).Order(StringComparer.Ordinal))
        {
            var before = old.GetValueOrDefault(name) ?? Empty(name);
            var after = next.GetValueOrDefault(name) ?? Empty(name);
            var diff = MapColumns.Contains(name) ? MapDiff(before, after)
                : SetColumns.Contains(name) ? SetDiff(before, after)
                : Same(before, after) ? null : after;
            if (diff is not null)
            {
                columns.Add(new ColumnValue(name, diff));
            }
        }

        return [.. columns];
    }

    /// <summary>New and changed keys with their new value, removed keys with their old one; null when equal.</summary>
    private static OvsdbValue? MapDiff(OvsdbValue before, OvsdbValue after)
    {
        var old = before.PairsOrEmpty.ToDictionary(p => p.Key, p => p.Value);
        var next = after.PairsOrEmpty.ToDictionary(p => p.Key, p => p.Value);
        var pairs = next.Where(p => !old.TryGetValue(p.Key, out var value) || value != p.Value)
            .Concat(old.Where(p => !next.ContainsKey(p.Key)))
            .ToArray();
        return pairs.Length == 0 ? null : OvsdbValue.FromMap([.. pairs]);
    }

    /// <summary>The symmetric difference; null when equal.</summary>
    private static OvsdbValue? SetDiff(OvsdbValue before, OvsdbValue after)
    {
        var old = Atoms(before);
        var next = Atoms(after);
        var atoms = next.Except(old).Concat(old.Except(next)).ToArray();
        return atoms.Length == 0 ? null : OvsdbValue.FromSet([.. atoms]);
    }

    private static OvsdbAtom[] Atoms(OvsdbValue value) => value.Atoms.IsDefault ? [] : [.. value.Atoms];

    private static bool Same(OvsdbValue a, OvsdbValue b) => Atoms(a).SequenceEqual(Atoms(b));

    private static bool IsEmpty(OvsdbValue value) => value.IsMap ? !value.PairsOrEmpty.Any() : Atoms(value).Length == 0;

    private static OvsdbValue Empty(string column) => MapColumns.Contains(column) ? OvsdbValue.EmptyMap : OvsdbValue.EmptySet;
}
