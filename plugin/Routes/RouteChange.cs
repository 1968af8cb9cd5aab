namespace ExaHealth.Routes;

/// <summary>One command's worth of change. A withdraw carries the route as it was announced, next-hop included.</summary>
internal readonly record struct RouteChange(RouteChangeKind Kind, Route Route);
