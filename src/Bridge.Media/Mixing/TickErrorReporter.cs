using System.Diagnostics;

namespace Bridge.Media.Mixing;

/// <summary>
/// Exceptions thrown while a room ticks: the mixer thread only counts them and hands the latest over lock-free; the
/// report (the first one at once, then at most one per <see cref="Interval"/> with the count since the last) runs on
/// the thread pool, so the mixer thread never does logging I/O.
/// </summary>
internal sealed class TickErrorReporter(string room)
{
    /// <summary>Least time between two reports of one room.</summary>
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private Exception? _pending;
    private long _count;
    private long _reported;
    private long _lastReport;
    private bool _everReported;
    private int _scheduled;
    private volatile Action<string, Exception, long>? _sink;

    /// <summary>Exceptions counted since the room was created.</summary>
    internal long Count => Volatile.Read(ref _count);

    /// <summary>Receives (room, latest exception, exceptions since the last report) on the thread pool.</summary>
    internal Action<string, Exception, long>? Sink { get => _sink; set => _sink = value; }

    /// <summary>Mixer thread: counts the exception and schedules a report. No lock, no I/O.</summary>
    internal void Report(Exception exception)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Exchange(ref _pending, exception);
        if (_sink is not null && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static r => _ = r.FlushAsync(), this, preferLocal: false);
        }
    }

    private async Task FlushAsync()
    {
        if (_everReported)
        {
            TimeSpan wait = Interval - Stopwatch.GetElapsedTime(_lastReport);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }
        }

        Exception? exception = Interlocked.Exchange(ref _pending, null);
        long count = Count;
        long since = count - _reported;
        _reported = count;
        _lastReport = Stopwatch.GetTimestamp();
        _everReported = true;
        if (exception is not null)
        {
            try
            {
                _sink?.Invoke(room, exception, since);
            }
#pragma warning disable CA1031 // a failing log sink must not stop later reports
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        Volatile.Write(ref _scheduled, 0);
        if (Volatile.Read(ref _pending) is not null && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _ = FlushAsync();
        }
    }
}
