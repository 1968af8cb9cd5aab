namespace ExaHealth.Benchmarks;

/// <summary>One round of the ExaBGP figures: the plugin and the floor, measured seconds apart.</summary>
internal sealed record ExaBgpRound(TimeSpan Into, TimeSpan Out, TimeSpan OutFromNotification, TimeSpan FloorInto, TimeSpan FloorOut)
{
    public double IntoRatio => Into / FloorInto;

    /// <summary>From the complete notification: the floor starts with its lines ready, as the plugin's would be once the change is known.</summary>
    public double OutRatio => OutFromNotification / FloorOut;
}
