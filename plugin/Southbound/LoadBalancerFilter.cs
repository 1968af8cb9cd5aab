namespace ExaHealth.Southbound;

/// <summary>
/// routes.loadBalancers: glob patterns (<c>*</c>, <c>?</c>) on Load_Balancer.name, case-sensitive
/// as OVN names are. A load balancer matching none contributes no VIP.
/// </summary>
internal sealed class LoadBalancerFilter
{
    private readonly string[] _patterns;

    public LoadBalancerFilter(IEnumerable<string> patterns) => _patterns = [.. patterns];

    public static LoadBalancerFilter All { get; } = new(["*"]);

    public bool Matches(string name)
    {
        foreach (var pattern in _patterns)
        {
            if (Glob(pattern, name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Iterative glob match with single backtrack point: linear for patterns with one star, no recursion.</summary>
    private static bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
