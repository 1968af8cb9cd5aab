namespace ExaHealth.Ovsdb;

/// <summary>Transport of an OVSDB remote, as in ovsdb-client(1) / ovn-sbctl --db.</summary>
internal enum OvsdbRemoteKind
{
    Unix,
    Tcp,
    Ssl,
}
