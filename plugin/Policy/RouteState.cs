namespace ExaHealth.Policy;

/// <summary>Whether a VIP should be announced; <see cref="Unknown"/> until its first observation.</summary>
internal enum RouteState
{
    Unknown,
    Announced,
    Withdrawn,
}
