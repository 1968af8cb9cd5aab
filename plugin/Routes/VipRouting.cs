namespace ExaHealth.Routes;

/// <summary>What decides one VIP's route: the route settings, its attributes (after overrides) and its degraded policy.</summary>
internal readonly record struct VipRouting(RouteSettings Routes, RouteAttributes Attributes, DegradedSettings? Degraded);
