using System.Diagnostics;
using System.Runtime.InteropServices;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>The mixer's wait for a tick deadline: never early, and on Linux without burning CPU while it waits.</summary>
public sealed partial class DeadlineWaitTests
{
    private static readonly long Period = Stopwatch.Frequency / 50;

    [Fact]
    public void Waits_for_absolute_deadlines_and_never_returns_early()
    {
        long deadline = Stopwatch.GetTimestamp();
        for (int tick = 0; tick < 10; tick++)
        {
            deadline += Period;
            while (!DeadlineWait.Step(deadline))
            {
            }

            long now = Stopwatch.GetTimestamp();
            Assert.True(now >= deadline, $"tick {tick} returned {(deadline - now) * 1_000_000 / Stopwatch.Frequency} µs before its deadline");
        }
    }

    [Fact]
    public void On_linux_the_wait_sleeps_in_the_kernel_instead_of_spinning()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the portable path (sleep, then spin the last 1.5 ms) is Windows' by design
        }

        Assert.True(DeadlineWait.IsPrecise, "Stopwatch is not CLOCK_MONOTONIC in ns on this Linux: the portable spin would be used");
        DeadlineWait.PrepareThread();
        long cpuBefore = ThreadCpuNanoseconds();
        long deadline = Stopwatch.GetTimestamp();
        for (int tick = 0; tick < 25; tick++)
        {
            deadline += Period;
            Assert.True(DeadlineWait.Step(deadline));
        }

        long cpu = ThreadCpuNanoseconds() - cpuBefore;
        // 25 ticks (500 ms) of waiting: the old wait spun 1.5 ms per tick (37.5 ms); the kernel sleep leaves 30–200 µs a tick.
        Assert.True(cpu < 10_000_000, $"the thread used {cpu / 1000} µs of CPU waiting 25 ticks");
    }

    private static long Micros(long us) => Stopwatch.Frequency / 1_000_000 * us;

    [Fact]
    public void The_margin_rises_at_once_to_a_late_wake_up_and_falls_slowly_to_its_floor()
    {
        // A 180 µs late wake-up: the next sleep ends 200 µs early.
        Assert.Equal(Micros(200), DeadlineWait.WakeMargin(Micros(150), Micros(180)));
        // Quiet wake-ups (10 µs): 1 µs less a tick, never under 30 µs.
        long margin = Micros(200);
        for (int tick = 0; tick < 100; tick++)
        {
            margin = DeadlineWait.WakeMargin(margin, Micros(10));
        }

        Assert.Equal(Micros(100), margin);
        for (int tick = 0; tick < 500; tick++)
        {
            margin = DeadlineWait.WakeMargin(margin, Micros(10));
        }

        Assert.Equal(Micros(30), margin);
        // Never above 200 µs (a descheduled thread is not a reason to spin a millisecond), a wake before time counts as 0.
        Assert.Equal(Micros(200), DeadlineWait.WakeMargin(Micros(30), Micros(5_000)));
        Assert.Equal(Micros(30), DeadlineWait.WakeMargin(Micros(30), -Micros(40)));
    }

    [Fact]
    public void On_linux_each_wait_learns_the_margin_from_its_own_wake_up()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the portable path has no margin
        }

        DeadlineWait.PrepareThread();
        var margins = new HashSet<long> { DeadlineWait.CurrentMarginMicroseconds };
        long deadline = Stopwatch.GetTimestamp();
        for (int tick = 0; tick < 10; tick++)
        {
            deadline += Stopwatch.Frequency / 500;
            Assert.True(DeadlineWait.Step(deadline));
            margins.Add(DeadlineWait.CurrentMarginMicroseconds);
            Assert.InRange(DeadlineWait.CurrentMarginMicroseconds, 30, 200);
        }

        // The first wake-up either raises the margin from 150 µs to its delay + 20 µs or lowers it by 1 µs.
        Assert.True(margins.Count >= 2, "the margin did not follow the wake-ups: " + string.Join(", ", margins));
    }

    private static long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
        Assert.Equal(0, clock_gettime(ClockThreadCpuTime, out var time));
        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [LibraryImport("libc")]
    private static partial int clock_gettime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
