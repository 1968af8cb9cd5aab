using CsCheck;

namespace ExaHealth.Tests.Properties;

/// <summary>Generators of damaged inputs: a few <see cref="Mutation"/>s applied in turn to one of the seeds.</summary>
internal static class Mutator
{
    /// <summary>Edits that keep JSON well formed more often than not, so that what follows the tokenizer is reached too.</summary>
    public static readonly Gen<MutationKind> Gentle = Gen.Frequency<MutationKind>(
        (6, MutationKind.ReplaceString), (3, MutationKind.ReplaceNumber), (1, MutationKind.DuplicateSlice), (1, MutationKind.FlipBit));

    public static Gen<Mutation> One(Gen<MutationKind> kinds) => Gen.Select(
        kinds,
        Gen.Int[0, int.MaxValue],
        Gen.Int[0, 64],
        Gen.Byte.Array[0, 8],
        (kind, position, length, payload) => new Mutation(kind, position, length, payload));

    /// <summary>A seed and the mutations applied to it, kept together so that a failure prints how the input was made.</summary>
    public static Gen<MutatedInput> Of(IReadOnlyList<byte[]> seeds, int maxMutations = 4, Gen<MutationKind>? kinds = null) => Gen.Select(
        Gen.Int[0, seeds.Count - 1],
        One(kinds ?? Gen.Enum<MutationKind>()).Array[1, maxMutations],
        (seed, mutations) => new MutatedInput(seed, mutations, mutations.Aggregate(seeds[seed], (bytes, m) => m.Apply(bytes))));
}
