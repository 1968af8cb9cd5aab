namespace ExaHealth.Benchmarks;

/// <summary>What one size of the scale benchmark measured on the plugin.</summary>
internal sealed record PluginFigures(
    TimeSpan Sync,
    TimeSpan Floor,
    long PeakKiB,
    long IdleKiB,
    long IdleAnonKiB,
    List<double> Latency,
    double CpuPerFlip,
    List<ChurnStep> Churn,
    long IdleWithMetricsKiB = 0);
