using System.Text;

namespace ExaHealth.Tests.Properties;

/// <summary>The result of mutating seed number <see cref="Seed"/>, printable when a property fails.</summary>
internal sealed record MutatedInput(int Seed, Mutation[] Mutations, byte[] Bytes)
{
    public override string ToString() =>
        $"seed {Seed}, {string.Join("; ", Mutations)}: {Encoding.Latin1.GetString(Bytes)}";
}
