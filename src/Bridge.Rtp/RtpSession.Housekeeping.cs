namespace Bridge.Rtp;

/// <summary>
/// When the session's housekeeping (inactivity check, RFC 4733 event end) runs: on a grid of its period on the session's
/// clock, not at start + n × period. Every session with the same period then comes due at the same instants, and the
/// runtime's timer queue fires them together in one pass on one woken pool thread, instead of waking a thread for each
/// session at its own moment (issue 14: with 200 calls, 200 wake-ups a second were a tenth of the bridge's CPU). The
/// timer is one-shot and re-armed to the next grid point each time, so late firings do not drift sessions apart.
/// </summary>
public sealed partial class RtpSession
{
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

    /// <summary>Time to the next multiple of the period on the session's clock; a whole period when the timer fired a little early.</summary>
    internal TimeSpan UntilNextHousekeeping()
    {
        long period = _housekeepingPeriod.Ticks;
        long timestamp = _time.GetTimestamp();
        long frequency = _time.TimestampFrequency;
        long now = (timestamp / frequency * TimeSpan.TicksPerSecond) + (timestamp % frequency * TimeSpan.TicksPerSecond / frequency);
        long due = period - (now % period);
        return TimeSpan.FromTicks(due < period / 4 ? due + period : due);
    }
}
