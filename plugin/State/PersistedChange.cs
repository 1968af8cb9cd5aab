namespace ExaHealth.State;

/// <summary>One line of the journal: a route recorded (<see cref="Added"/>) or a prefix dropped (<see cref="Removed"/>).</summary>
internal sealed record PersistedChange(PersistedRoute? Added = null, string? Removed = null);
