namespace ExaHealth.Ovsdb;

/// <summary>RFC 7047 section 3.1 atomic types.</summary>
internal enum OvsdbAtomType
{
    String,
    Integer,
    Real,
    Boolean,
    Uuid,
}
