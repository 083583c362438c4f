using System.Diagnostics;

namespace Bridge.LoadTests;

/// <summary>The generator's 20 ms clock: absolute deadlines (no drift), and no burst to catch up after a stall.</summary>
internal static class TickDeadline
{
    private static readonly long Period = Stopwatch.Frequency / 50;

    /// <summary>Advances <paramref name="deadline"/> by one period and sleeps until it.</summary>
    public static void SleepUntilNext(ref long deadline)
    {
        deadline += Period;
        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining > 0)
        {
            Thread.Sleep(TimeSpan.FromTicks(remaining * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
        }
        else if (-remaining > 5 * Period)
        {
            deadline = Stopwatch.GetTimestamp(); // far behind (a stalled machine): do not burst
        }
    }
}
