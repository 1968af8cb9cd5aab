using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>
/// The three Service_Monitor options ExaHealth can take its debounce from (interval, failure_count,
/// success_count), read from a full options map or updated from an update2 map diff. Only these
/// keys are kept, parsed, so a diff pair "same value: remove" is recognised by comparing numbers.
/// </summary>
internal static class OvnTimingColumn
{
    public static OvnTiming Apply(OvnTiming timing, ref RowColumns columns, bool diff)
    {
        if (!columns.BeginMap())
        {
            return diff ? timing : default;
        }

        while (columns.NextPair(out var key, out var value))
        {
            int? number = Parse(value);
            if (key.SequenceEqual("interval"u8))
            {
                timing = timing with { IntervalSeconds = Next(timing.IntervalSeconds, number, diff) };
            }
            else if (key.SequenceEqual("failure_count"u8))
            {
                timing = timing with { FailureCount = Next(timing.FailureCount, number, diff) };
            }
            else if (key.SequenceEqual("success_count"u8))
            {
                timing = timing with { SuccessCount = Next(timing.SuccessCount, number, diff) };
            }
        }

        return timing;
    }

    private static int? Next(int? old, int? value, bool diff) => diff && old is not null && old == value ? null : value;

    private static int? Parse(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty || text.Length > 5)
        {
            return null;
        }

        int n = 0;
        foreach (byte b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return null;
            }

            n = (n * 10) + (b - '0');
        }

        return n is > 0 and <= 86400 ? n : null;
    }
}
