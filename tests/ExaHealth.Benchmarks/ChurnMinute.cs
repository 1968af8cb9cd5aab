namespace ExaHealth.Benchmarks;

/// <summary>One minute of the soak's churn (the last may be shorter): flips sent and flips ovsdb-server committed in it.</summary>
internal sealed record ChurnMinute(int Index, double Seconds, int Sent, int Committed)
{
    public double SentRate => Sent / Seconds;

    public double CommittedRate => Committed / Seconds;
}
