namespace Bridge.Rtp;

/// <summary>
/// When the session's timers run: on grid points of the session's clock rather than at each session's own moments.
/// Housekeeping (inactivity check, RFC 4733 event end) runs on the grid of its period, from one timer shared by every
/// session of the same clock and period (<see cref="HousekeepingGrid"/>); the RTCP report (RFC 3550 §6.3.5) keeps its
/// randomised interval, rounded up to a 100 ms grid, so reports of many sessions come due at the same instants (issue 14:
/// with 200 calls, ~240 wake-ups a second were a tenth of the bridge's CPU). The timers are one-shot and re-armed to the
/// next grid point each time, so late runs do not drift sessions apart.
/// </summary>
public sealed partial class RtpSession
{
    /// <summary>Granularity of RTCP report times: the randomisation of §6.3.5 is kept at 100 ms steps.</summary>
    internal static readonly TimeSpan RtcpGrid = TimeSpan.FromMilliseconds(100);

    private HousekeepingGrid? _housekeepingGrid;

    /// <summary>Joins the shared housekeeping timer of this clock and period (<see cref="HousekeepingGrid"/>).</summary>
    private void StartHousekeeping(TimeSpan period)
    {
        _housekeepingGrid = HousekeepingGrid.For(_time, period);
        _housekeepingGrid.Add(this);
    }

    private void StopHousekeeping() => _housekeepingGrid?.Remove(this);

    /// <summary>The grid's timer: one session's check. Never throws: the other sessions of the grid are checked after it.</summary>
    internal void HousekeepingOnGrid()
    {
        try
        {
            Housekeeping();
        }
#pragma warning disable CA1031 // a subscriber's failure must not stop the housekeeping of every other call
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>When the shared timer next checks this started session (for tests).</summary>
    internal TimeSpan UntilNextHousekeeping() => _housekeepingGrid!.UntilNextPoint();

    internal TimeSpan UntilGridPoint(TimeSpan atLeast, TimeSpan grid) => GridPoint.Until(_time, atLeast, grid);
}
