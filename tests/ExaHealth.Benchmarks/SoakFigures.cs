namespace ExaHealth.Benchmarks;

/// <summary>
/// Everything one soak measured. <paramref name="Start"/> is read after the initial sync and an
/// idle settle, before the first flip; <paramref name="End"/> after the churn, once the output was
/// quiet and the plugin had idled as long as before <paramref name="Start"/>.
/// </summary>
internal sealed record SoakFigures(
    int Vips,
    int Backends,
    int Rate,
    double Minutes,
    ProcessSample Start,
    ProcessSample End,
    SoakChurnResult Churn,
    TimeSpan DrainAfterLastFlip,
    HashSet<string> Running,
    HashSet<string> Fresh,
    HashSet<string> Database,
    int ModelMismatches,
    long RunningChanges,
    long RunningRedundant,
    long FreshRedundant,
    TimeSpan FreshSync,
    int LogProblems);
