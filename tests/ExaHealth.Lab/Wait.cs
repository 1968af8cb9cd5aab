using System.Diagnostics;

namespace ExaHealth.Lab;

/// <summary>Polls a condition; tests use it instead of fixed sleeps.</summary>
public static class Wait
{
    public static Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, string what, int pollMilliseconds = 10) =>
        UntilAsync(condition, timeout, () => what, pollMilliseconds);

    /// <param name="what">Describes what was awaited, built only on a timeout (e.g. with the log as it is then).</param>
    public static async Task<TimeSpan> UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what, int pollMilliseconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (condition())
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0.#} s waiting for {what()}");
            }

            await Task.Delay(pollMilliseconds).ConfigureAwait(false);
        }
    }
}
