using System.Net;
using System.Net.Sockets;

namespace ExaHealth.Routes;

/// <summary>The route of a VIP: its address as a host prefix (/32 or /128).</summary>
internal static class HostPrefix
{
    public static IPNetwork For(IPAddress address) =>
        new(address, address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128);
}
