namespace ExaHealth.Ovsdb;

/// <summary>
/// Capped exponential reconnect delay with jitter: 0.25 s, 0.5 s, 1 s ... up to the cap, each
/// drawn between half and all of the step so that many router hosts restarted together do not
/// reconnect in lockstep.
/// </summary>
internal static class Backoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);

    /// <param name="attempt">0 for the first retry after a loss.</param>
    /// <param name="max">Upper bound.</param>
    /// <param name="unitRandom">A value in [0, 1).</param>
    public static TimeSpan Delay(int attempt, TimeSpan max, double unitRandom)
    {
        double step = First.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt, 0, 30));
        double ceiling = Math.Min(step, max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (0.5 * unitRandom)));
    }
}
