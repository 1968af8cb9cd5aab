using System.Net;

namespace ExaHealth.Routes;

/// <summary>routes.nextHop / nextHopV6: <c>self</c> (ExaBGP's local address) or an explicit address.</summary>
internal readonly record struct NextHop(IPAddress? Address)
{
    public static NextHop Self => default;

    public bool IsSelf => Address is null;
}
