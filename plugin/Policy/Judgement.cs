namespace ExaHealth.Policy;

/// <summary>A verdict with the reason an operator reads in the log, e.g. <c>0/2 backends online (all-offline)</c>.</summary>
internal readonly record struct Judgement(Verdict Verdict, VerdictReason Why)
{
    public string Reason => Why.ToString();
}
