namespace Bridge.Rtp;

/// <summary>
/// When the session's timers run: on grid points of the session's clock rather than at each session's own moments.
/// Housekeeping (inactivity check, RFC 4733 event end) runs on the grid of its period; the RTCP report (RFC 3550 §6.3.5)
/// keeps its randomised interval, rounded up to a 100 ms grid. Sessions then come due at the same instants, and the
/// runtime's timer queue fires them together in one pass on one woken pool thread, instead of waking a thread for each
/// session (issue 14: with 200 calls, ~240 wake-ups a second were a tenth of the bridge's CPU). The timers are one-shot and
/// re-armed to the next grid point each time, so late runs do not drift sessions apart.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>Granularity of RTCP report times: the randomisation of §6.3.5 is kept at 100 ms steps.</summary>
    internal static readonly TimeSpan RtcpGrid = TimeSpan.FromMilliseconds(100);

    private TimeSpan _housekeepingPeriod;

    /// <summary>Arms the housekeeping timer for the first grid point after now.</summary>
    private void StartHousekeeping(TimeSpan period)
    {
        _housekeepingPeriod = period;
        _housekeepingTimer = _time.CreateTimer(static s => ((RtpSession)s!).HousekeepingTick(), this, UntilNextHousekeeping(), Timeout.InfiniteTimeSpan);
    }

    private void HousekeepingTick()
    {
        Housekeeping();
        if (_disposed != 0)
        {
            return;
        }

        try
        {
            _housekeepingTimer?.Change(UntilNextHousekeeping(), Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Time to the next multiple of the period at least a quarter period away (a timer that fired a little early skips the point it was for).</summary>
    internal TimeSpan UntilNextHousekeeping() => UntilGridPoint(_housekeepingPeriod / 4, _housekeepingPeriod);

    /// <summary>Time from now to the first multiple of <paramref name="grid"/> on the session's clock at least <paramref name="atLeast"/> away.</summary>
    internal TimeSpan UntilGridPoint(TimeSpan atLeast, TimeSpan grid)
    {
        long step = Math.Max(1, grid.Ticks);
        long timestamp = _time.GetTimestamp();
        long frequency = _time.TimestampFrequency;
        long now = (timestamp / frequency * TimeSpan.TicksPerSecond) + (timestamp % frequency * TimeSpan.TicksPerSecond / frequency);
        long earliest = now + Math.Max(0, atLeast.Ticks);
        long point = (earliest + step - 1) / step * step;
        return TimeSpan.FromTicks(point - now);
    }
}
