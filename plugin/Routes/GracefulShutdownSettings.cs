namespace ExaHealth.Routes;

/// <summary>
/// routes.gracefulShutdown (RFC 8326): a planned withdraw first re-announces the route with
/// <see cref="Community"/> (and <see cref="LocalPreference"/>, when set) for <see cref="Duration"/>,
/// so routers move traffic to another site while this path still exists.
/// </summary>
internal sealed record GracefulShutdownSettings(TimeSpan Duration, Community Community, uint? LocalPreference)
{
    /// <summary>The attributes a draining route is announced with.</summary>
    public RouteAttributes Apply(RouteAttributes normal) => normal with
    {
        Communities = normal.Communities.Contains(Community) ? normal.Communities : normal.Communities.Add(Community),
        LocalPreference = LocalPreference ?? normal.LocalPreference,
    };
}
