namespace ExaHealth.Tests.Properties;

/// <summary>The ways <see cref="Mutation"/> damages a captured message.</summary>
internal enum MutationKind
{
    FlipBit,
    Truncate,
    InsertBytes,
    DeleteSlice,
    DuplicateSlice,
    ReplaceNumber,
    ReplaceString,
}
