namespace ExaHealth.Policy;

/// <summary>One step of <see cref="DatabaseLossGuard"/>: how long the loss lasts, whether to warn (and whether routes were already gone), whether to withdraw now.</summary>
internal readonly record struct LossStep(TimeSpan LostFor, bool Warn, bool WasWithdrawn, bool Withdraw);
