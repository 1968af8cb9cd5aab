namespace ExaHealth.Policy;

/// <summary>Which rule a verdict came from (see <see cref="VerdictReason"/>).</summary>
internal enum ReasonKind : byte
{
    NoBackends,
    UnmonitoredAnnounce,
    UnmonitoredIgnore,
    AllOffline,
    AnyOffline,
    BelowMin,
}
