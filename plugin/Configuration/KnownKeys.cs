namespace ExaHealth.Configuration;

/// <summary>
/// Every configuration key SPEC section 2 defines, so that a misspelt key is refused instead of
/// silently ignored (a typo in "withdrawWhen" would otherwise keep the default policy).
/// </summary>
internal static class KnownKeys
{
    private static readonly string[] PolicyKeys =
    [
        "withdrawWhen", "minOnline", "interval", "failureCount", "successCount", "unmonitored", "emptyStatus",
        "degraded", "degraded:belowOnline", "degraded:med", "degraded:asPathPrepend", "degraded:communities", "degraded:communities:#",
        "dampening", "dampening:penalty", "dampening:halfLifeSeconds", "dampening:suppressAbove", "dampening:reuseBelow", "dampening:maxSuppressSeconds",
    ];

    private static readonly string[] RouteKeys =
    [
        "allowedPrefixes", "allowedPrefixes:#", "loadBalancers", "loadBalancers:#", "nextHop", "nextHopV6", "med", "localPreference",
        "origin", "asPath", "asPath:#", "communities", "communities:#", "largeCommunities", "largeCommunities:#",
        "neighbors", "neighbors:#", "withdrawOnExit", "localAs",
    ];

    private static readonly List<string> All = Build();

    private static readonly HashSet<string> Patterns = All.Select(k => k.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The keys an operator sets, spelt as in SPEC (<c>policy.degraded.belowOnline</c>): every key that
    /// is not a section of others, with <c>overrides</c> as one entry. README's reference table is
    /// checked against this list so that documentation and code cannot drift apart.
    /// </summary>
    public static IReadOnlyList<string> Documented { get; } = All
        .Where(k => !k.EndsWith(":#", StringComparison.Ordinal) && !k.StartsWith("overrides:", StringComparison.Ordinal))
        .Where(k => k == "overrides" || !All.Any(other => other.StartsWith(k + ":", StringComparison.Ordinal) && other != k + ":#"))
        .Select(k => k.Replace(':', '.'))
        .ToList();

    /// <summary>Checks a configuration path such as <c>routes:allowedPrefixes:0</c>; returns its SPEC spelling when unknown.</summary>
    public static string? FindUnknown(string path)
    {
        var segments = path.Split(':');
        for (int i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length > 0 && segments[i].All(char.IsAsciiDigit))
            {
                segments[i] = "#";
            }
        }

        var pattern = string.Join(':', segments).ToLowerInvariant();
        return Patterns.Contains(pattern) ? null : path.Replace(':', '.');
    }

    private static List<string> Build()
    {
        var keys = new List<string>
        {
            "ovsdb", "ovsdb:southbound", "ovsdb:northbound", "ovsdb:privateKey", "ovsdb:certificate", "ovsdb:caCertificate",
            "ovsdb:leaderOnly", "ovsdb:probeIntervalSeconds", "ovsdb:maxBackoffSeconds", "ovsdb:maxMessageBytes",
            "routes", "policy", "exabgp", "exabgp:ack", "exabgp:ackTimeoutSeconds",
            "onDatabaseLoss", "onDatabaseLoss:action", "onDatabaseLoss:graceSeconds",
            "maintenance", "maintenance:disableFile",
            "overrides", "overrides:#", "overrides:#:vip", "overrides:#:policy", "overrides:#:routes",
            "state", "state:directory", "state:statusFile", "state:metricsFile",
            "logging", "logging:format", "logging:level",
        };
        keys.AddRange(PolicyKeys.Select(k => "policy:" + k));
        // Not per VIP: a chassis' backends are shared by every VIP that lists them.
        keys.AddRange(["policy:staleChassis", "policy:staleChassis:seconds"]);
        keys.AddRange(["routes:gracefulShutdown", "routes:gracefulShutdown:seconds", "routes:gracefulShutdown:community", "routes:gracefulShutdown:localPreference"]);
        keys.AddRange(PolicyKeys.Select(k => "overrides:#:policy:" + k));
        keys.AddRange(RouteKeys.Select(k => "routes:" + k));
        keys.AddRange(RouteKeys.Select(k => "overrides:#:routes:" + k));
        return keys;
    }
}
