namespace ExaHealth.State;

/// <summary>The state file: every route ExaBGP may hold from us.</summary>
internal sealed record PersistedState(int Version, PersistedRoute[] Routes);
