using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bridge.Media.Mixing;

/// <summary>
/// Waits for a tick's absolute deadline (a <see cref="Stopwatch"/> timestamp) without spinning. On Linux, where
/// <see cref="Stopwatch"/> reads CLOCK_MONOTONIC in nanoseconds, the thread sleeps in one absolute
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> (POSIX.1-2008; clock_nanosleep(2)) until the deadline itself, and
/// the tick starts when the kernel's high-resolution timer has woken it (tens of microseconds after the deadline on a
/// quiet machine): no CPU is burnt on the wait, and no drift builds up, since the deadline is absolute. The tick starts
/// a little late, by about the same each time: the period between ticks, which is what a listener's jitter buffer sees,
/// stays 20 ms. (Until issue 14 the sleep ended a learnt margin early and the rest was spun to start on the dot: with 50
/// callers that spin was 5 % of the bridge's CPU, for a regularity the harness's jitter column could not tell apart.) The mixer
/// thread's timer slack is set to 1 ns (prctl(2) PR_SET_TIMERSLACK; a SCHED_RR thread has none anyway) so a
/// normal-class mixer thread is not woken up to 50 µs late.
/// Elsewhere (Windows, whose sleep granularity is a millisecond or more) the portable wait stays: sleep until about
/// 1.5 ms before the deadline, then spin.
/// </summary>
internal static partial class DeadlineWait
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int Interrupted = 4; // EINTR
    private const int SetTimerSlack = 29; // PR_SET_TIMERSLACK
    private const long NanosecondsPerSecond = 1_000_000_000;
    private static readonly long SpinWindow = Stopwatch.Frequency / 1000 * 3 / 2;

    /// <summary>Whether the absolute kernel sleep is used (false: the portable sleep-then-spin wait).</summary>
    internal static bool IsPrecise { get; } = ProbeMonotonic();

    /// <summary>Called once on the mixer thread before it ticks: asks for the smallest timer slack (Linux).</summary>
    internal static void PrepareThread()
    {
        if (IsPrecise)
        {
            _ = prctl(SetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>
    /// One step of the wait for <paramref name="deadline"/>; true once it has passed. The precise wait sleeps to the
    /// deadline in one step; the portable one sleeps or spins a little per step, so its caller can stop in between.
    /// </summary>
    internal static bool Step(long deadline)
    {
        if (IsPrecise)
        {
            var time = new TimeSpec { Seconds = deadline / NanosecondsPerSecond, Nanoseconds = deadline % NanosecondsPerSecond };
            while (clock_nanosleep(ClockMonotonic, TimerAbsolute, in time, IntPtr.Zero) == Interrupted)
            {
                // a signal woke the thread early: sleep again until the same time
            }

            return true;
        }

        long remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return true;
        }

        if (remaining > SpinWindow)
        {
            int ms = (int)((remaining - SpinWindow) * 1000 / Stopwatch.Frequency);
            Thread.Sleep(Math.Max(1, ms));
        }
        else
        {
            Thread.SpinWait(20);
        }

        return false;
    }

    /// <summary>
    /// The absolute sleep is right only if Stopwatch timestamps are CLOCK_MONOTONIC nanoseconds: checked against
    /// clock_gettime itself, not assumed.
    /// </summary>
    private static bool ProbeMonotonic()
    {
        if (!OperatingSystem.IsLinux() || Stopwatch.Frequency != NanosecondsPerSecond)
        {
            return false;
        }

        try
        {
            long before = Stopwatch.GetTimestamp();
            if (clock_gettime(ClockMonotonic, out TimeSpec now) != 0)
            {
                return false;
            }

            long after = Stopwatch.GetTimestamp();
            long monotonic = (now.Seconds * NanosecondsPerSecond) + now.Nanoseconds;
            return monotonic >= before - 1_000_000 && monotonic <= after + 1_000_000;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc")]
    private static partial int clock_nanosleep(int clock, int flags, in TimeSpec request, IntPtr remaining);

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    [LibraryImport("libc")]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    /// <summary>struct timespec on 64-bit Linux: two 64-bit fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
