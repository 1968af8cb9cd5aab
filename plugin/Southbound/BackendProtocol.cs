namespace ExaHealth.Southbound;

/// <summary>Transport protocol of a load-balancer service; OVN defaults an empty value to tcp.</summary>
internal enum BackendProtocol : byte
{
    Tcp,
    Udp,
    Sctp,
}
