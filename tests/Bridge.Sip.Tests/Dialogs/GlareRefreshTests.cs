using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;

namespace Bridge.Sip.Tests.Dialogs;

/// <summary>RFC 3261 §14.1 for the bridge's own refresh re-INVITE (RFC 4028 §7.4), on a fake clock: a 491 is retried
/// after a random wait, never answered with BYE.</summary>
public sealed class GlareRefreshTests
{
    private readonly UasHarness _uas = new();

    [Fact]
    public async Task A_491_to_the_refresh_reINVITE_is_retried_within_two_seconds_and_the_call_stays()
    {
        // No "timer" support and no UPDATE in Allow: the bridge refreshes by re-INVITE at 60 s.
        var (call, _) = await _uas.ConfirmedAsync("Session-Expires: 120\n");
        _uas.Run(TimeSpan.FromSeconds(60));
        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Invite).Count >= 1, "refresh re-INVITE");
        var first = _uas.Channel.Requests(SipMethods.Invite)[0];
        _uas.Deliver(UasHarness.Reply(first, 491));
        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Ack).Count == 1, "ACK for the 491");

        // The non-owner of the Call-ID waits 0–2 s; the wait starts on another thread once the 491 is handled, so the
        // fake clock moves in small steps with real pauses between them.
        for (var step = 0; step < 42; step++)
        {
            _uas.Time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Delay(10);
        }

        await Eventually.True(
            () => _uas.Channel.Requests(SipMethods.Invite).Any(r => r.CSeq!.Value.Number > first.CSeq!.Value.Number), "retried re-INVITE");
        var retry = _uas.Channel.Requests(SipMethods.Invite).First(r => r.CSeq!.Value.Number > first.CSeq!.Value.Number);
        _uas.Deliver(UasHarness.Reply(retry, 200, "Contact: <sip:alice@198.51.100.7:5062>\nContent-Type: application/sdp\n"));
        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Ack).Count == 2, "ACK for the retry's 200");

        Assert.Empty(_uas.Channel.Requests(SipMethods.Bye));
        Assert.Equal(InviteSessionState.Confirmed, call.Session.State);
    }

    [Theory]
    [InlineData(false, 0.0, 0)]
    [InlineData(false, 0.999, 1998)]
    [InlineData(true, 0.0, 2100)]
    [InlineData(true, 0.999, 3998)]
    public void The_wait_is_0_to_2_s_for_the_callee_and_2_1_to_4_s_for_the_Call_ID_owner(bool owner, double unit, int expectedMs) =>
        Assert.Equal(expectedMs, InviteSession.GlareRetryDelay(owner, unit).TotalMilliseconds, 0);

    [Theory]
    [InlineData(false, 0.999, 2000, 1000)]
    [InlineData(false, 0.5, 8000, 1000)]
    [InlineData(true, 0.999, 3000, 1500)]
    [InlineData(true, 0.0, 60000, 2100)]
    [InlineData(true, 0.999, 0, 3998)]
    public void The_wait_never_runs_past_half_the_time_left_before_the_session_expires(bool owner, double unit, int leftMs, int expectedMs) =>
        Assert.Equal(expectedMs, InviteSession.GlareRetryDelay(owner, unit, TimeSpan.FromMilliseconds(leftMs)).TotalMilliseconds, 0);
}
