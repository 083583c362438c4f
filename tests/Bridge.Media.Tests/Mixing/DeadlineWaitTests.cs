using System.Diagnostics;
using System.Runtime.InteropServices;
using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>The mixer's wait for a tick deadline: never early, and on Linux without spinning at all.</summary>
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
        Assert.True(DeadlineWait.Step(Stopwatch.GetTimestamp() + Period)); // the first call compiles the P/Invoke stub on this thread
        long cpuBefore = ThreadCpuNanoseconds();
        long deadline = Stopwatch.GetTimestamp();
        for (int tick = 0; tick < 25; tick++)
        {
            deadline += Period;
            Assert.True(DeadlineWait.Step(deadline));
        }

        long cpu = ThreadCpuNanoseconds() - cpuBefore;
        // 25 ticks (500 ms) of waiting: the first wait spun 1.5 ms per tick (37.5 ms); the kernel sleep costs a few
        // microseconds a wake-up (the bound leaves room for a loaded machine, where a wake-up's cache misses cost more).
        Assert.True(cpu < 10_000_000, $"the thread used {cpu / 1000} µs of CPU waiting 25 ticks");
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
