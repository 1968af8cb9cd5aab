namespace ExaHealth.Routes;

/// <summary>An RFC 8092 large community, <c>GLOBAL:LOCAL1:LOCAL2</c> with 32-bit parts.</summary>
internal readonly record struct LargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2);
