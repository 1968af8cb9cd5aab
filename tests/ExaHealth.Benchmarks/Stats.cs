namespace ExaHealth.Benchmarks;

/// <summary>Markdown table rows of order statistics.</summary>
internal static class Stats
{
    public static void Row(string name, List<double> values)
    {
        var sorted = values.Order().ToList();
        double Pct(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
        Console.WriteLine($"| {name} | {Pct(0.5):0.0} | {Pct(0.9):0.0} | {sorted[0]:0.0} | {sorted[^1]:0.0} | {sorted.Count} |");
    }
}
