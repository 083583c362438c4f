using System.Runtime.CompilerServices;

namespace Bridge.Rtp;

/// <summary>
/// One timer for the housekeeping (RTP timeout, end of RFC 4733 events) of every started <see cref="RtpSession"/> with
/// the same clock and period, in place of a timer per session: at each grid point (a multiple of the period on the
/// clock's timestamps, as before) one callback checks them all in turn. With a timer per session the runtime fired each
/// due timer as a work item of its own, and waking the pool threads for them cost more than the checks (issue 14: the
/// timer and pool threads were a tenth of the bridge's CPU with 50 callers; 2,000 callers meant 2,000 work items a
/// second). The session list is changed under a lock; a tick copies it into a buffer of its own and works on the copy, so
/// a session added or disposed meanwhile waits for nothing (a disposed one returns at once from its check).
/// </summary>
internal sealed class HousekeepingGrid
{
    private static readonly ConditionalWeakTable<TimeProvider, Dictionary<TimeSpan, HousekeepingGrid>> s_grids = new();

    private readonly TimeProvider _time;
    private readonly TimeSpan _period;
    private readonly Lock _lock = new();
    private readonly List<RtpSession> _sessions = [];
    private RtpSession[] _tick = new RtpSession[16];
    private ITimer? _timer;

    private HousekeepingGrid(TimeProvider time, TimeSpan period)
    {
        _time = time;
        _period = period;
    }

    /// <summary>Sessions on this grid now (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>The grid of <paramref name="period"/> on <paramref name="time"/> (made on first use, kept while the clock lives).</summary>
    public static HousekeepingGrid For(TimeProvider time, TimeSpan period)
    {
        Dictionary<TimeSpan, HousekeepingGrid> grids = s_grids.GetValue(time, static _ => []);
        lock (grids)
        {
            if (!grids.TryGetValue(period, out HousekeepingGrid? grid))
            {
                grid = new HousekeepingGrid(time, period);
                grids.Add(period, grid);
            }

            return grid;
        }
    }

    /// <summary>Checks <paramref name="session"/> from the next grid point on; the timer runs while the grid has sessions.</summary>
    public void Add(RtpSession session)
    {
        lock (_lock)
        {
            _sessions.Add(session);
            _timer ??= _time.CreateTimer(static state => ((HousekeepingGrid)state!).Tick(), this, UntilNextPoint(), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Stops checking <paramref name="session"/>; the last one out stops the timer.</summary>
    public void Remove(RtpSession session)
    {
        lock (_lock)
        {
            if (_sessions.Remove(session) && _sessions.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }
    }

    private void Tick()
    {
        int count;
        RtpSession[] sessions;
        lock (_lock)
        {
            count = _sessions.Count;
            if (_tick.Length < count)
            {
                _tick = new RtpSession[Math.Max(count, _tick.Length * 2)];
            }

            sessions = _tick;
            _sessions.CopyTo(sessions);
        }

        for (int i = 0; i < count; i++)
        {
            sessions[i].HousekeepingOnGrid();
            sessions[i] = null!; // the buffer holds no disposed session until the next tick
        }

        lock (_lock)
        {
            try
            {
                _timer?.Change(UntilNextPoint(), Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // the last session left during the tick
            }
        }
    }

    /// <summary>The next multiple of the period at least a quarter period away (as each session's own timer used to).</summary>
    internal TimeSpan UntilNextPoint() => GridPoint.Until(_time, _period / 4, _period);
}
