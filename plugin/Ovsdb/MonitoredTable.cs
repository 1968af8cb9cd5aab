using System.Text;

namespace ExaHealth.Ovsdb;

/// <summary>A table and the columns to monitor in it (RFC 7047 section 4.1.5 &lt;monitor-request&gt;).</summary>
/// <remarks>A class, not a record: a <c>with</c> copy would keep the UTF-8 forms of the names it replaced.</remarks>
internal sealed class MonitoredTable(string name, IReadOnlyList<string> columns) : IEquatable<MonitoredTable>
{
    public string Name { get; } = name;

    public IReadOnlyList<string> Columns { get; } = columns;

    /// <summary>
    /// The name as UTF-8, for matching the names of a message's tables without transcoding: matching
    /// a UTF-16 name transcoded it on every comparison, a tenth of applying a 50,000-row update.
    /// </summary>
    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);

    /// <summary>The <see cref="Columns"/> as UTF-8, in the same order.</summary>
    public byte[][] Utf8Columns { get; } = [.. columns.Select(Encoding.UTF8.GetBytes)];

    public bool Equals(MonitoredTable? other) =>
        other is not null && Name == other.Name && Columns.SequenceEqual(other.Columns);

    public override bool Equals(object? obj) => Equals(obj as MonitoredTable);

    public override int GetHashCode() => HashCode.Combine(Name, Columns.Count);

    public override string ToString() => $"{Name} [{string.Join(", ", Columns)}]";
}
