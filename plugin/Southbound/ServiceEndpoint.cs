namespace ExaHealth.Southbound;

/// <summary>A parsed VIP or backend address with its port (0 when none was given).</summary>
internal readonly record struct ServiceEndpoint(IpKey Address, int Port);
