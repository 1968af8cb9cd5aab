namespace ExaHealth.State;

/// <summary>One announced route as kept on disk: what a later withdraw of it needs.</summary>
internal sealed record PersistedRoute(string Prefix, string NextHop, string[] Neighbors);
