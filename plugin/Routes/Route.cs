using System.Net;

namespace ExaHealth.Routes;

/// <summary>A host prefix for a VIP and the attributes it is (to be) announced with.</summary>
internal sealed record Route(IPNetwork Prefix, RouteAttributes Attributes);
