namespace ExaHealth.Policy;

/// <summary>
/// RFC 2439-style route flap dampening for one VIP: every withdraw adds a penalty that halves every
/// half-life; above suppressAbove the VIP is held withdrawn until the penalty decays below
/// reuseBelow, and never longer than maxSuppress. Pure.
/// </summary>
internal static class Dampener
{
    public static double PenaltyAt(DampeningState state, DateTimeOffset now, DampeningSettings settings)
    {
        if (state.Penalty <= 0 || now <= state.At)
        {
            return state.Penalty;
        }

        double halfLives = (now - state.At) / settings.HalfLife;
        return state.Penalty * Math.Pow(2, -halfLives);
    }

    /// <summary>A withdraw happened now.</summary>
    public static DampeningState Flap(DampeningState state, DateTimeOffset now, DampeningSettings settings)
    {
        double penalty = PenaltyAt(state, now, settings) + settings.Penalty;
        bool suppress = !state.Suppressed && penalty > settings.SuppressAbove;
        return new DampeningState(
            penalty,
            now,
            state.Suppressed || suppress,
            suppress ? now : state.SuppressedSince,
            state.Flaps + 1);
    }

    /// <summary>Releases a held VIP whose penalty has decayed enough or whose hold reached the maximum.</summary>
    public static DampeningState Release(DampeningState state, DateTimeOffset now, DampeningSettings settings)
    {
        if (!state.Suppressed)
        {
            return state;
        }

        double penalty = PenaltyAt(state, now, settings);
        if (penalty < settings.ReuseBelow || now - state.SuppressedSince >= settings.MaxSuppress)
        {
            return state with { Penalty = penalty, At = now, Suppressed = false };
        }

        return state;
    }

    /// <summary>When <see cref="Release"/> will let a held VIP go; null when it is not held.</summary>
    public static DateTimeOffset? ReleaseAt(DampeningState state, DampeningSettings settings)
    {
        if (!state.Suppressed)
        {
            return null;
        }

        var byMaximum = state.SuppressedSince + settings.MaxSuppress;
        if (state.Penalty <= settings.ReuseBelow)
        {
            return state.At;
        }

        // penalty * 2^(-t/halfLife) = reuse  =>  t = halfLife * log2(penalty / reuse)
        var byDecay = state.At + (settings.HalfLife * Math.Log2(state.Penalty / settings.ReuseBelow));
        return byDecay < byMaximum ? byDecay : byMaximum;
    }
}
