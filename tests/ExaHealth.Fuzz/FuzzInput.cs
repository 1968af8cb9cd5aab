namespace ExaHealth.Fuzz;

/// <summary>
/// One fuzz input: byte 0 the <see cref="SessionSettings"/>, byte 1 the seed of the
/// <see cref="ReadPlan"/> that cuts the rest into reads, the rest what the server sends.
/// A crash file therefore replays exactly, settings and read boundaries included.
/// </summary>
internal sealed record FuzzInput(SessionSettings Settings, byte SplitSeed, ReadOnlyMemory<byte> Payload)
{
    public const int HeaderLength = 2;

    /// <summary>Null for an input too short to carry the header.</summary>
    public static FuzzInput? Parse(ReadOnlyMemory<byte> data) => data.Length < HeaderLength
        ? null
        : new FuzzInput(SessionSettings.FromByte(data.Span[0]), data.Span[1], data[HeaderLength..]);

    /// <summary>The payload's read lengths.</summary>
    public IReadOnlyList<int> Reads => ReadPlan.Lengths(SplitSeed, Payload.Length);

    public byte[] ToBytes() => [Settings.ToByte(), SplitSeed, .. Payload.Span];
}
