namespace ExaHealth.Fuzz;

/// <summary>
/// Where the server's bytes are cut into reads. The framer and the snapshot streamer resume where
/// the previous read stopped, so the cut points are as much input as the bytes themselves; they
/// come from a one-byte seed that AFL mutates like any other byte.
/// </summary>
internal static class ReadPlan
{
    /// <summary>
    /// Seed 0: one read. High bit set: reads of 1-16 bytes (every token split somewhere).
    /// Otherwise reads of 1 to 8 × (seed + 1) bytes.
    /// </summary>
    public static IReadOnlyList<int> Lengths(byte seed, int total)
    {
        var lengths = new List<int>();
        if (total == 0)
        {
            return lengths;
        }

        if (seed == 0)
        {
            lengths.Add(total);
            return lengths;
        }

        int max = (seed & 0x80) != 0 ? 1 + (seed & 0x0F) : 8 * (seed + 1);
        uint state = 0x9E3779B9u ^ seed;
        int left = total;
        while (left > 0)
        {
            // xorshift32: cheap, and the same cuts for the same seed on every run.
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            int length = Math.Min(left, 1 + (int)(state % (uint)max));
            lengths.Add(length);
            left -= length;
        }

        return lengths;
    }
}
