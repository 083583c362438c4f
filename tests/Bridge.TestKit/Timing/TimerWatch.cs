using System.Collections.Concurrent;
using System.Diagnostics;

namespace Bridge.TestKit.Timing;

/// <summary>
/// A <see cref="TimeProvider"/> that forwards everything to another one (in tests the <c>FakeTimeProvider</c> the test
/// advances) and notes each time a timer is armed through it (created or changed with a finite due time). A test that
/// moves a fake clock must first know the code under test has armed its timer: moved before, the timer is armed at the
/// later time and never fires when the test expects. Waiting for the arm replaces a fixed real-time sleep that holds
/// only on a quiet machine.
/// </summary>
public sealed class TimerWatch(TimeProvider inner) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _armed = new();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <summary>How many times a timer was armed with a due time that satisfies <paramref name="dueTime"/>.</summary>
    public int Armed(Func<TimeSpan, bool> dueTime) => _armed.Count(dueTime);

    /// <summary>Waits (in real time, at most <paramref name="limit"/>) until <paramref name="count"/> timers were armed with a due
    /// time that satisfies <paramref name="dueTime"/>; fails the test with <paramref name="what"/> otherwise.</summary>
    public async Task WaitForArmedAsync(int count, Func<TimeSpan, bool> dueTime, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (Armed(dueTime) < count)
        {
            Xunit.Assert.True(clock.Elapsed < limit, $"{what}: {Armed(dueTime)} of {count} timers armed within {limit.TotalSeconds:F0} s (all due times: {string.Join(", ", _armed)})");
            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, inner.CreateTimer(callback, state, dueTime, period));
        Note(dueTime);
        return timer;
    }

    private void Note(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.Enqueue(dueTime);
        }
    }

    private sealed class WatchedTimer(TimerWatch watch, ITimer timer) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = timer.Change(dueTime, period);
            watch.Note(dueTime);
            return changed;
        }

        public void Dispose() => timer.Dispose();

        public ValueTask DisposeAsync() => timer.DisposeAsync();
    }
}
