namespace ExaHealth.Benchmarks;

/// <summary>
/// VIPs into and out of GoBGP's RIB through ExaBGP over several rounds: the medians of ExaHealth's
/// figures and of ExaBGP's own floor with the same lines, and the median of each round's ratio.
/// </summary>
internal sealed record ExaBgpFigures(TimeSpan Into, TimeSpan Out, TimeSpan OutFromNotification, TimeSpan FloorInto, TimeSpan FloorOut, double IntoRatio, double OutRatio, int Rounds)
{
    public static ExaBgpFigures From(IReadOnlyList<ExaBgpRound> rounds) => new(
        Median(rounds.Select(r => r.Into)),
        Median(rounds.Select(r => r.Out)),
        Median(rounds.Select(r => r.OutFromNotification)),
        Median(rounds.Select(r => r.FloorInto)),
        Median(rounds.Select(r => r.FloorOut)),
        Median(rounds.Select(r => r.IntoRatio)),
        Median(rounds.Select(r => r.OutRatio)),
        rounds.Count);

    private static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromMilliseconds(Median(values.Select(v => v.TotalMilliseconds)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
