namespace ExaHealth.Ovsdb;

/// <summary>Reusable buffers of one read pass of <see cref="RowColumns"/>: unescaped strings, the number of an optional integer.</summary>
internal sealed class RowScratch
{
    public ScratchBuffer First { get; } = new();

    public ScratchBuffer Second { get; } = new();

    public long Number { get; set; }

    public bool InMap { get; set; }
}
