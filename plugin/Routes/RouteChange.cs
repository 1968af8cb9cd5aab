namespace ExaHealth.Routes;

/// <summary>
/// One command's worth of change. A withdraw carries the route as it was announced, next-hop
/// included; <see cref="Mode"/> says how the writer may merge it with changes still waiting. An
/// announce written over another version of the route carries that version in <see cref="Replaced"/>:
/// if ExaBGP refuses the announce, that is the version it still holds.
/// </summary>
internal readonly record struct RouteChange(RouteChangeKind Kind, Route Route, RouteChangeMode Mode = RouteChangeMode.Normal, Route? Replaced = null);
