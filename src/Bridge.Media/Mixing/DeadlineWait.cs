using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Bridge.Media.Mixing;

/// <summary>
/// Waits for a tick's absolute deadline (a <see cref="Stopwatch"/> timestamp) without spinning. On Linux, where
/// <see cref="Stopwatch"/> reads CLOCK_MONOTONIC in nanoseconds, the thread sleeps in one absolute
/// <c>clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)</c> (POSIX.1-2008; clock_nanosleep(2)) and the kernel's
/// high-resolution timer wakes it a learnt margin (30–200 µs) before the deadline, which it spins out (the time a woken
/// thread takes to run):
/// no CPU is burnt on the rest of the wait, and no drift builds up, since the deadline is absolute. The mixer
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

    /// <summary>
    /// The kernel sleep ends a margin before the deadline and the rest is spun, so ticks start on time although a woken
    /// thread runs some time after its timer: about 10–50 µs on a quiet machine in the real-time class, 100–200 µs on a
    /// loaded one. The margin follows what this thread sees (<see cref="WakeMargin"/>): it rises at once to the latest
    /// wake-up delay plus <see cref="MarginHeadroom"/> and falls by <see cref="MarginDecay"/> a tick, within
    /// <see cref="MinimumMargin"/>..<see cref="MaximumMargin"/>. A fixed 150 µs margin spun 0.75 % of a core per
    /// mixer thread even on a quiet machine (issue 14: a tenth of the bridge's CPU with 50 callers).
    /// </summary>
    private static readonly long MinimumMargin = Stopwatch.Frequency / 1_000_000 * 30;
    private static readonly long MaximumMargin = Stopwatch.Frequency / 1_000_000 * 200;
    private static readonly long MarginHeadroom = Stopwatch.Frequency / 1_000_000 * 20;
    private static readonly long MarginDecay = Stopwatch.Frequency / 1_000_000;

    /// <summary>This thread's current margin (each mixer thread learns its own); starts at the old fixed 150 µs.</summary>
    [ThreadStatic]
    private static long t_margin;

    /// <summary>The calling thread's current margin in microseconds (for tests and reports).</summary>
    internal static long CurrentMarginMicroseconds => (t_margin == 0 ? InitialMargin : t_margin) * 1_000_000 / Stopwatch.Frequency;

    private static readonly long InitialMargin = Stopwatch.Frequency / 1_000_000 * 150;

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
            long margin = t_margin == 0 ? InitialMargin : t_margin;
            long wake = deadline - margin;
            var time = new TimeSpec { Seconds = wake / NanosecondsPerSecond, Nanoseconds = wake % NanosecondsPerSecond };
            while (clock_nanosleep(ClockMonotonic, TimerAbsolute, in time, IntPtr.Zero) == Interrupted)
            {
                // a signal woke the thread early: sleep again until the same time
            }

            t_margin = WakeMargin(margin, Stopwatch.GetTimestamp() - wake);
            while (Stopwatch.GetTimestamp() < deadline)
            {
                Thread.SpinWait(10);
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

    /// <summary>The next margin from the current one and the delay of this wake-up (both in Stopwatch ticks); a wake-up
    /// before its time (a delay at or below zero) counts as none.</summary>
    internal static long WakeMargin(long margin, long delay)
    {
        long needed = Math.Max(delay, 0) + MarginHeadroom;
        long next = needed > margin ? needed : margin - MarginDecay;
        return Math.Clamp(next, MinimumMargin, MaximumMargin);
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
