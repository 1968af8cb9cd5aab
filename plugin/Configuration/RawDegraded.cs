namespace ExaHealth.Configuration;

#pragma warning disable CA1819 // Arrays are what the binder fills.

/// <summary>Binding target; see <see cref="RawRoot"/>.</summary>
internal sealed class RawDegraded
{
    public string? BelowOnline { get; set; }
    public string? Med { get; set; }
    public string? AsPathPrepend { get; set; }
    public string[]? Communities { get; set; }
}
