namespace ExaHealth.Policy;

/// <summary>A VIP's flap penalty as of <see cref="At"/>, and whether (since when) it is held withdrawn.</summary>
internal readonly record struct DampeningState(double Penalty, DateTimeOffset At, bool Suppressed, DateTimeOffset SuppressedSince, int Flaps)
{
    public static DampeningState None => default;
}
