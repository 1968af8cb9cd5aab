using System.Net;
using ExaHealth.Configuration;
using ExaHealth.ExaBgp;
using ExaHealth.Ovsdb;
using ExaHealth.Policy;
using ExaHealth.Routes;
using Microsoft.Extensions.Logging;

namespace ExaHealth.Tests.Support;

/// <summary>Settings as the lab uses them: 10.0.0.0/24 and fd00::/64 allowed, explicit next-hops.</summary>
internal static class TestSettings
{
    public static Settings Create(PolicySettings? policy = null) => new Settings()
    {
        Ovsdb = new OvsdbClientOptions { Remotes = [new OvsdbRemote(OvsdbRemoteKind.Unix, "", 0, "/tmp/sb.sock")] },
        LoadBalancerPatterns = ["*"],
        Routes = new RouteSettings
        {
            AllowedPrefixes = [IPNetwork.Parse("10.0.0.0/24"), IPNetwork.Parse("fd00::/64")],
            IPv4 = new RouteAttributes { NextHop = new NextHop(IPAddress.Parse("192.0.2.10")), Origin = Origin.Igp },
            IPv6 = new RouteAttributes { NextHop = new NextHop(IPAddress.Parse("2001:db8::1")), Origin = Origin.Igp },
        },
        Policy = policy ?? new PolicySettings(),
        ExaBgp = new ExaBgpSettings(),
        Logging = new LoggingSettings(false, LogLevel.Debug),
        State = new ExaHealth.State.StateSettings { Directory = null },
    };
}
