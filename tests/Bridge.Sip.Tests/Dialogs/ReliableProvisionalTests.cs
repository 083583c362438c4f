using System.Text;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;

namespace Bridge.Sip.Tests.Dialogs;

/// <summary>RFC 3262 reliable provisional responses on the answering side, on a fake clock.</summary>
public sealed class ReliableProvisionalTests
{
    private readonly UasHarness _uas = new();

    private static bool IsRinging(SipMessage m) => m is SipResponse { StatusCode: 180 };

    private static bool IsInviteOk(SipMessage m) => m is SipResponse { StatusCode: 200 } r && r.CSeq!.Value.Method == SipMethods.Invite;

    private SipRequest Prack(SipResponse ringing, string rack, string branch = "z9hG4bK-prack") =>
        UasHarness.InDialog(SipMethods.Prack, ringing, 2, branch, extra: "RAck: " + rack + "\n");

    [Fact]
    public async Task With_Require_100rel_the_180_is_reliable_retransmitted_T1_doubling_and_the_200_waits_for_the_PRACK()
    {
        var call = await _uas.IncomingAsync("Require: 100rel\n");

        await call.RingAsync();
        await call.AcceptAsync(Encoding.UTF8.GetBytes(UasHarness.Answer));
        _uas.Run(TimeSpan.FromSeconds(4));

        var ringing = _uas.Channel.Responses(180)[0];
        Assert.Equal("100rel", ringing.Headers[SipHeaderNames.Require]);
        var rseq = ringing.Headers[SipHeaderNames.RSeq];
        Assert.NotNull(rseq);
        Assert.Equal(new[] { 0, 0.5, 1.5, 3.5 }, _uas.SentAt(IsRinging));
        Assert.Empty(_uas.SentAt(IsInviteOk)); // held until the PRACK (RFC 3262 §3)

        _uas.Deliver(Prack(ringing, rseq + " 1 INVITE"));
        _uas.Run(TimeSpan.FromSeconds(10));

        var prackOk = _uas.Channel.Responses(200).Single(r => r.CSeq!.Value.Method == SipMethods.Prack);
        Assert.Equal(ringing.To!.Tag, prackOk.To!.Tag);
        Assert.Equal(4, _uas.SentAt(IsInviteOk)[0], 1);
        Assert.Equal(4, _uas.SentAt(IsRinging).Count); // no retransmission after the PRACK
        Assert.Equal(UasHarness.Answer, Encoding.UTF8.GetString(_uas.Channel.Responses(200).First(r => IsInviteOk(r)).Body.Span));
    }

    [Fact]
    public async Task A_PRACK_whose_RAck_does_not_match_gets_481_and_the_200_stays_held()
    {
        var call = await _uas.IncomingAsync("Supported: 100rel\n");
        await call.RingAsync();
        await call.AcceptAsync(Encoding.UTF8.GetBytes(UasHarness.Answer));
        var ringing = _uas.Channel.Responses(180)[0];
        var rseq = long.Parse(ringing.Headers[SipHeaderNames.RSeq]!, System.Globalization.CultureInfo.InvariantCulture);

        _uas.Deliver(Prack(ringing, (rseq + 1) + " 1 INVITE"));

        Assert.Single(_uas.Channel.Responses(481));
        Assert.Empty(_uas.SentAt(IsInviteOk));
    }

    [Fact]
    public async Task Without_a_PRACK_the_INVITE_is_rejected_5xx_after_64_T1()
    {
        var call = await _uas.IncomingAsync("Require: 100rel\n");
        await call.RingAsync();
        await call.AcceptAsync(Encoding.UTF8.GetBytes(UasHarness.Answer));

        _uas.Run(TimeSpan.FromSeconds(33));

        Assert.Equal(32, _uas.SentAt(m => m is SipResponse { StatusCode: 500 })[0], 1);
        Assert.Empty(_uas.SentAt(IsInviteOk));
        Assert.Equal(InviteSessionState.Terminated, call.Session.State);
    }

    [Fact]
    public async Task A_caller_without_100rel_gets_an_ordinary_180()
    {
        var call = await _uas.IncomingAsync();
        await call.RingAsync();
        await call.AcceptAsync(Encoding.UTF8.GetBytes(UasHarness.Answer));
        _uas.Run(TimeSpan.FromSeconds(2));

        var ringing = Assert.Single(_uas.Channel.Responses(180));
        Assert.Null(ringing.Headers[SipHeaderNames.RSeq]);
        Assert.Equal(0, _uas.SentAt(IsInviteOk)[0]);
    }

    [Fact]
    public async Task An_unknown_required_option_gets_420_naming_it_and_known_ones_pass()
    {
        _uas.Deliver(SipText.Request(SipMethods.Invite, body: UasHarness.Offer, extra: "Require: 100rel, timer, foo\nSession-Expires: 1800\n"));

        var refused = Assert.Single(_uas.Channel.Responses(420));
        Assert.Equal("foo", refused.Headers[SipHeaderNames.Unsupported]);
        Assert.False(_uas.HasIncoming);

        _uas.Deliver(SipText.Request(SipMethods.Invite, branch: "z9hG4bK-2", callId: "call-2@phone", body: UasHarness.Offer,
            extra: "Require: 100rel, timer\nSession-Expires: 1800\n"));
        Assert.Equal("call-2@phone", (await _uas.Incoming).Session.CallId);
    }
}
