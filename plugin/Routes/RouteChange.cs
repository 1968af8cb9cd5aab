namespace ExaHealth.Routes;

/// <summary>
/// One command's worth of change. A withdraw carries the route as it was announced, next-hop
/// included; <see cref="Mode"/> says how the writer may merge it with changes still waiting.
/// </summary>
internal readonly record struct RouteChange(RouteChangeKind Kind, Route Route, RouteChangeMode Mode = RouteChangeMode.Normal);
