using System.Globalization;
using ExaHealth.Health;
using ExaHealth.Ovsdb;

namespace ExaHealth.Southbound;

/// <summary>
/// The three Service_Monitor options ExaHealth can take its debounce from (interval, failure_count,
/// success_count), read from a full options map or updated from an update2 map diff. Only these
/// keys are kept, parsed, so a diff pair "same value: remove" is recognised by comparing numbers.
/// </summary>
internal static class OvnTimingColumn
{
    public static OvnTiming Read(OvsdbValue map) => Apply(default, map, diff: false);

    public static OvnTiming Apply(OvnTiming timing, OvsdbValue map, bool diff)
    {
        foreach (var (key, value) in map.PairsOrEmpty)
        {
            int? number = Parse(value.AsString());
            switch (key.AsString())
            {
                case "interval":
                    timing = timing with { IntervalSeconds = Next(timing.IntervalSeconds, number, diff) };
                    break;
                case "failure_count":
                    timing = timing with { FailureCount = Next(timing.FailureCount, number, diff) };
                    break;
                case "success_count":
                    timing = timing with { SuccessCount = Next(timing.SuccessCount, number, diff) };
                    break;
            }
        }

        return timing;
    }

    private static int? Next(int? old, int? value, bool diff) => diff && old is not null && old == value ? null : value;

    private static int? Parse(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is > 0 and <= 86400 ? n : null;
}
