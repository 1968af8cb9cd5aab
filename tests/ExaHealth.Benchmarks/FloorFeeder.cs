namespace ExaHealth.Benchmarks;

/// <summary>The files of ExaBGP's floor run: prepared lines, the feeder script, its trigger and its time marks.</summary>
internal sealed record FloorFeeder(string Directory)
{
    public string Announce => Path.Combine(Directory, "announce.txt");

    public string Withdraw => Path.Combine(Directory, "withdraw.txt");

    public string Trigger => Path.Combine(Directory, "withdraw-now");

    public string Times => Path.Combine(Directory, "times.txt");

    public string Script => Path.Combine(Directory, "exabgp_feeder.py");

    /// <summary>What ExaBGP runs as its API process.</summary>
    public string Command => $"python3 {Script} {Announce} {Withdraw} {Trigger} {Times}";
}
