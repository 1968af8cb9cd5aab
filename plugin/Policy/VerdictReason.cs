using System.Globalization;

namespace ExaHealth.Policy;

/// <summary>
/// Why a VIP got its verdict, e.g. <c>1/2 backends online (all-offline)</c>: kept as the numbers
/// and formatted only when logged or reported, since every VIP holds one and every observation
/// makes one.
/// </summary>
internal readonly record struct VerdictReason(ReasonKind Kind, int Online, int Total, int MinOnline = 0)
{
    public override string ToString() => Kind switch
    {
        ReasonKind.NoBackends => "no backends",
        ReasonKind.UnmonitoredAnnounce => string.Create(CultureInfo.InvariantCulture, $"{Total} backends, none monitored (unmonitored: announce)"),
        ReasonKind.UnmonitoredIgnore => string.Create(CultureInfo.InvariantCulture, $"{Total} backends, none monitored (unmonitored: ignore)"),
        ReasonKind.AllOffline => string.Create(CultureInfo.InvariantCulture, $"{Online}/{Total} backends online (all-offline)"),
        ReasonKind.AnyOffline => string.Create(CultureInfo.InvariantCulture, $"{Online}/{Total} backends online (any-offline)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Online}/{Total} backends online (below-min {MinOnline})"),
    };
}
