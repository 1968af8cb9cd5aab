using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ExaHealth.Policy;
using ExaHealth.Routes;

namespace ExaHealth.Configuration;

/// <summary>
/// The overrides entries: per VIP, a policy and route attributes whose keys not given keep the
/// global values (so the global sections are parsed first); the first bad value throws.
/// </summary>
internal static class OverrideSettingsParser
{
    public static Dictionary<IPAddress, VipOverride> ParseOverrides(RawOverride[]? overrides, PolicySettings policy, DegradedSettings? degraded, RouteSettings routes)
    {
        var result = new Dictionary<IPAddress, VipOverride>();
        for (int i = 0; i < (overrides?.Length ?? 0); i++)
        {
            var raw = overrides![i];
            string prefix = string.Create(CultureInfo.InvariantCulture, $"overrides[{i}]");
            var vip = ConfigValues.Address($"{prefix}.vip", raw.Vip);
            if (result.ContainsKey(vip))
            {
                throw new ConfigurationException($"{prefix}.vip", raw.Vip, "this VIP already has an overrides entry");
            }

            var rawRoutes = raw.Routes ?? new RawRoutes();
            if (rawRoutes.AllowedPrefixes is not null || rawRoutes.LoadBalancers is not null || ConfigValues.Text(rawRoutes.WithdrawOnExit) is not null
                || ConfigValues.Text(rawRoutes.LocalAs) is not null)
            {
                throw new ConfigurationException($"{prefix}.routes", "allowedPrefixes/loadBalancers/withdrawOnExit/localAs", "these keys are global and cannot be overridden per VIP");
            }

            var vipPolicy = raw.Policy is null ? policy : PolicySettingsParser.ParsePolicy(raw.Policy, $"{prefix}.policy", policy);
            var vipDegraded = raw.Policy?.Degraded is { } rawDegraded ? PolicySettingsParser.ParseDegraded(rawDegraded, $"{prefix}.policy.degraded") : degraded;
            PolicySettingsParser.CheckPrepend(vipDegraded, routes, $"{prefix}.policy.degraded.asPathPrepend");
            var v4 = RouteSettingsParser.ParseAttributes(rawRoutes, $"{prefix}.routes", routes.IPv4);
            var v6 = RouteSettingsParser.ParseAttributes(rawRoutes, $"{prefix}.routes", routes.IPv6);
            result.Add(vip, new VipOverride(
                vipPolicy,
                vipDegraded,
                v4 with { NextHop = ConfigValues.NextHop($"{prefix}.routes.nextHop", rawRoutes.NextHop, AddressFamily.InterNetwork, routes.IPv4.NextHop) },
                v6 with { NextHop = ConfigValues.NextHop($"{prefix}.routes.nextHopV6", rawRoutes.NextHopV6, AddressFamily.InterNetworkV6, routes.IPv6.NextHop) }));
        }

        return result;
    }
}
