namespace ExaHealth.Policy;

/// <summary>policy.dampening (RFC 2439 style), defaults as RFC 2439 suggests.</summary>
internal sealed record DampeningSettings
{
    /// <summary>Added at every withdraw.</summary>
    public double Penalty { get; init; } = 1000;

    public TimeSpan HalfLife { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Above this the VIP is held withdrawn.</summary>
    public double SuppressAbove { get; init; } = 2000;

    /// <summary>A held VIP is released when its penalty has decayed below this.</summary>
    public double ReuseBelow { get; init; } = 750;

    /// <summary>Never held longer than this.</summary>
    public TimeSpan MaxSuppress { get; init; } = TimeSpan.FromMinutes(60);
}
