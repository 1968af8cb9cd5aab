namespace ExaHealth.Ovsdb;

/// <summary>What a typed column read found.</summary>
internal enum ValueShape
{
    /// <summary>A value of the expected type.</summary>
    Present,

    /// <summary>The empty set: an optional column without a value.</summary>
    Empty,

    /// <summary>Something else (another atom type, a set of several): the consumer decides.</summary>
    WrongType,
}
