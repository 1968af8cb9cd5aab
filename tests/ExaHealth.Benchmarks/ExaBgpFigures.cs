namespace ExaHealth.Benchmarks;

/// <summary>VIPs into and out of GoBGP's RIB through ExaBGP: ExaHealth's figures and ExaBGP's own floor with the same lines.</summary>
internal sealed record ExaBgpFigures(TimeSpan Into, TimeSpan Out, TimeSpan OutFromNotification, TimeSpan FloorInto, TimeSpan FloorOut);
