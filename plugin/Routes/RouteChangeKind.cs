namespace ExaHealth.Routes;

internal enum RouteChangeKind
{
    Announce,
    Withdraw,
}
