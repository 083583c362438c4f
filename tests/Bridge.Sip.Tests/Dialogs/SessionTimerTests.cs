using System.Text;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;

namespace Bridge.Sip.Tests.Dialogs;

/// <summary>RFC 4028 session timers on the answering side, on a fake clock.</summary>
public sealed class SessionTimerTests
{
    private readonly UasHarness _uas = new();

    private static bool IsRequest(SipMessage m, string method) => m is SipRequest r && r.Method == method;

    /// <summary>When each new request of <paramref name="method"/> was first sent (retransmissions left out).</summary>
    private List<double> FirstSendPerCSeq(string method) =>
        _uas.Channel.Sent.Where(s => IsRequest(s.Message, method))
            .GroupBy(s => s.Message.CSeq!.Value.Number)
            .Select(g => Math.Round((g.First().At - _uas.Start).TotalSeconds, 2))
            .ToList();

    [Fact]
    public async Task A_caller_that_supports_timer_gets_its_interval_with_Require_timer_and_refreshes_itself()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Supported: timer\nSession-Expires: 1800;refresher=uac\n");

        Assert.Equal("1800;refresher=uac", ok.Headers[SipHeaderNames.SessionExpires]);
        Assert.Equal("timer", ok.Headers[SipHeaderNames.Require]);
        Assert.Contains("timer", ok.Headers[SipHeaderNames.Supported], StringComparison.Ordinal);
        Assert.Contains("UPDATE", ok.Headers[SipHeaderNames.Allow], StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1800), call.Session.SessionInterval);
        Assert.False(call.Session.RefreshesSession);
    }

    [Fact]
    public async Task Without_refresher_parameter_a_supporting_caller_is_made_the_refresher()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Supported: timer\nSession-Expires: 600\n");

        Assert.Equal("600;refresher=uac", ok.Headers[SipHeaderNames.SessionExpires]);
        Assert.False(call.Session.RefreshesSession);
    }

    [Fact]
    public async Task An_interval_below_the_minimum_gets_422_with_Min_SE_and_no_call()
    {
        _uas.Deliver(SipText.Request(SipMethods.Invite, body: UasHarness.Offer, extra: "Supported: timer\nSession-Expires: 60\nMin-SE: 60\n"));

        var refused = Assert.Single(_uas.Channel.Responses(422));
        Assert.Equal("90", refused.Headers[SipHeaderNames.MinSE]);
        Assert.False(_uas.HasIncoming);
    }

    [Fact]
    public async Task The_minimum_is_configurable()
    {
        var uas = new UasHarness(new SipEndpointOptions { SessionTimerMinimum = TimeSpan.FromSeconds(4) });
        var (_, ok) = await uas.ConfirmedAsync("Supported: timer\nSession-Expires: 6\n");

        Assert.Equal("6;refresher=uac", ok.Headers[SipHeaderNames.SessionExpires]);
    }

    [Fact]
    public async Task Unrefreshed_the_session_ends_with_BYE_at_the_interval_minus_32_seconds()
    {
        var (call, _) = await _uas.ConfirmedAsync("Supported: timer\nSession-Expires: 120;refresher=uac\n");

        _uas.Run(TimeSpan.FromSeconds(100));

        Assert.Equal(88, _uas.SentAt(m => IsRequest(m, SipMethods.Bye)).First(), 1);
        await Eventually.True(() => call.Session.EndReason is not null, "terminated");
        Assert.Equal(TerminationReason.SessionExpired, call.Session.EndReason);
    }

    [Fact]
    public async Task An_UPDATE_without_body_refreshes_the_session_and_is_answered_200()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Supported: timer\nSession-Expires: 120;refresher=uac\n");

        _uas.Run(TimeSpan.FromSeconds(60));
        _uas.Deliver(UasHarness.InDialog(SipMethods.Update, ok, 2, "z9hG4bK-upd", extra: "Supported: timer\nSession-Expires: 120;refresher=uac\n"));
        _uas.Run(TimeSpan.FromSeconds(60));

        var updateOk = _uas.Channel.Responses(200).Single(r => r.CSeq!.Value.Method == SipMethods.Update);
        Assert.Equal("120;refresher=uac", updateOk.Headers[SipHeaderNames.SessionExpires]);
        Assert.True(updateOk.Body.IsEmpty);
        Assert.NotNull(updateOk.Contact);
        Assert.Empty(_uas.Channel.Requests(SipMethods.Bye)); // 88 s after the start passed without BYE
        _uas.Run(TimeSpan.FromSeconds(40));
        Assert.Equal(148, _uas.SentAt(m => IsRequest(m, SipMethods.Bye)).First(), 1); // 60 + 88
        Assert.Equal(InviteSessionState.Terminated, call.Session.State);
    }

    [Fact]
    public async Task A_refresh_below_the_minimum_gets_422()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Supported: timer\nSession-Expires: 120;refresher=uac\n");

        _uas.Deliver(UasHarness.InDialog(SipMethods.Update, ok, 2, "z9hG4bK-upd", extra: "Supported: timer\nSession-Expires: 30\n"));

        Assert.Equal("90", Assert.Single(_uas.Channel.Responses(422)).Headers[SipHeaderNames.MinSE]);
        Assert.Equal(InviteSessionState.Confirmed, call.Session.State);
    }

    [Fact]
    public async Task As_refresher_the_bridge_sends_UPDATE_at_half_the_interval_when_the_caller_allows_it()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Allow: INVITE, ACK, BYE, CANCEL, UPDATE\nSupported: timer\nSession-Expires: 120;refresher=uas\n");
        Assert.Equal("120;refresher=uas", ok.Headers[SipHeaderNames.SessionExpires]);
        Assert.True(call.Session.RefreshesSession);

        _uas.Run(TimeSpan.FromSeconds(60));
        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Update).Count == 1, "UPDATE");
        var update = _uas.Channel.Requests(SipMethods.Update)[0];
        Assert.Equal(60, FirstSendPerCSeq(SipMethods.Update)[0], 1);
        Assert.True(update.Body.IsEmpty);
        Assert.Equal("120;refresher=uac", update.Headers[SipHeaderNames.SessionExpires]);
        Assert.Contains("timer", update.Headers[SipHeaderNames.Supported], StringComparison.Ordinal);
        _uas.Deliver(UasHarness.Reply(update, 200, "Session-Expires: 100;refresher=uac\nRequire: timer\n"));
        await Eventually.True(() => call.Session.SessionInterval == TimeSpan.FromSeconds(100), "refresh accepted with the granted interval");

        _uas.Run(TimeSpan.FromSeconds(60));
        await Eventually.True(() => FirstSendPerCSeq(SipMethods.Update).Count >= 2, "second UPDATE");
        Assert.Equal(110, FirstSendPerCSeq(SipMethods.Update)[1], 1); // answered at 60, half of 100 s later
        Assert.Empty(_uas.Channel.Requests(SipMethods.Bye));
    }

    [Fact]
    public async Task For_a_caller_without_timer_support_the_bridge_refreshes_by_reINVITE_with_its_SDP_and_ACKs()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Session-Expires: 120\n");
        Assert.Equal("120;refresher=uas", ok.Headers[SipHeaderNames.SessionExpires]);
        Assert.Null(ok.Headers[SipHeaderNames.Require]);

        _uas.Run(TimeSpan.FromSeconds(60));
        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Invite).Count >= 1, "re-INVITE");
        var reInvite = _uas.Channel.Requests(SipMethods.Invite)[0];
        Assert.Equal(UasHarness.Answer, Encoding.UTF8.GetString(reInvite.Body.Span));
        Assert.Equal(ok.To!.Tag, reInvite.From!.Tag);
        var reply = UasHarness.Reply(reInvite, 200, "Contact: <sip:alice@198.51.100.7:5062>\nContent-Type: application/sdp\n");
        _uas.Deliver(reply);

        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Ack).Count == 1, "ACK for the re-INVITE's 200");
        Assert.Equal(reInvite.CSeq!.Value.Number, _uas.Channel.Requests(SipMethods.Ack)[0].CSeq!.Value.Number);
        Assert.Empty(_uas.Channel.Requests(SipMethods.Update));
        Assert.Equal(InviteSessionState.Confirmed, call.Session.State);
    }

    [Fact]
    public async Task A_refresh_answered_481_ends_the_call()
    {
        var (call, _) = await _uas.ConfirmedAsync("Allow: INVITE, UPDATE\nSupported: timer\nSession-Expires: 120;refresher=uas\n");

        _uas.Run(TimeSpan.FromSeconds(60));
        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Update).Count == 1, "UPDATE");
        _uas.Deliver(UasHarness.Reply(_uas.Channel.Requests(SipMethods.Update)[0], 481));

        await Eventually.True(() => _uas.Channel.Requests(SipMethods.Bye).Count == 1, "BYE");
        Assert.Equal(InviteSessionState.Terminated, call.Session.State);
    }

    [Fact]
    public async Task Without_Session_Expires_no_timer_runs()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Supported: timer\n");

        _uas.Run(TimeSpan.FromMinutes(40));

        Assert.Null(ok.Headers[SipHeaderNames.SessionExpires]);
        Assert.Equal(TimeSpan.Zero, call.Session.SessionInterval);
        Assert.Empty(_uas.Channel.Requests(SipMethods.Bye));
    }

    [Fact]
    public async Task A_reINVITE_answered_2xx_is_a_refresh_too()
    {
        var (call, ok) = await _uas.ConfirmedAsync("Supported: timer\nSession-Expires: 120;refresher=uac\n");
        call.Session.ReInviteHandler = (_, _) => Task.FromResult<ReadOnlyMemory<byte>?>(Encoding.UTF8.GetBytes(UasHarness.Answer));

        _uas.Run(TimeSpan.FromSeconds(60));
        _uas.Deliver(UasHarness.InDialog(SipMethods.Invite, ok, 2, "z9hG4bK-re", body: UasHarness.Offer, extra: "Supported: timer\nSession-Expires: 120;refresher=uac\n"));
        await Eventually.True(() => _uas.Channel.Responses(200).Any(r => r.CSeq!.Value.Number == 2), "200 to the re-INVITE");
        _uas.Deliver(UasHarness.InDialog(SipMethods.Ack, ok, 2, "z9hG4bK-ack2"));
        _uas.Run(TimeSpan.FromSeconds(60));

        Assert.Equal("120;refresher=uac", _uas.Channel.Responses(200).First(r => r.CSeq!.Value.Number == 2).Headers[SipHeaderNames.SessionExpires]);
        Assert.Empty(_uas.Channel.Requests(SipMethods.Bye)); // 88 s after the start passed without BYE
        Assert.Equal(InviteSessionState.Confirmed, call.Session.State);
    }
}
