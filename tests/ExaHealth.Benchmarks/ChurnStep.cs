namespace ExaHealth.Benchmarks;

/// <summary>One churn rate: what was sent, the lag of the lines at the start and at the end, what was left over, and the CPU share (of one core) of the plugin and of ovsdb-server.</summary>
internal sealed record ChurnStep(
    int Rate,
    int Seconds,
    double SentRate,
    double FirstP50,
    double FirstP99,
    double LastP50,
    double LastP99,
    int Backlog,
    bool KeptUp,
    double PluginCpu,
    double ServerCpu);
