using ExaHealth.Ovsdb;

namespace ExaHealth.Fuzz;

/// <summary>What a session published and how its connection ended (for repro output).</summary>
internal sealed record SessionResult(List<OvsdbEvent> Events, string Ending)
{
    public override string ToString() =>
        $"published [{string.Join(", ", Events.Select(e => e.GetType().Name))}], ended: {Ending}";
}
