using System.Text;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Dialogs;

/// <summary>re-INVITE and UPDATE offers inside a confirmed dialog: glare (RFC 3261 §14.1), UPDATE (RFC 3311 §5.2), re-INVITE without SDP.</summary>
public sealed class ReInviteAndUpdateTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private const string Answer = "v=0\r\no=- 2 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly SipUserAgent _ua;
    private readonly TaskCompletionSource<IncomingCall> _incoming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReInviteAndUpdateTests()
    {
        _channel = new InMemoryChannel(_time);
        _ua = new SipUserAgent(_channel, _time, new SipEndpointOptions(), NullLogger.Instance)
        {
            IncomingCallHandler = call =>
            {
                _incoming.TrySetResult(call);
                return Task.CompletedTask;
            },
        };
    }

    private void Deliver(SipMessage message) => _ua.OnMessage(message, SipText.Phone);

    private async Task<(InviteSession Session, SipResponse Ok)> ConfirmedAsync()
    {
        Deliver(SipText.Request(SipMethods.Invite, body: Offer));
        var call = await _incoming.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await call.AcceptAsync(Encoding.UTF8.GetBytes(Answer));
        var ok = _channel.Responses(200).Single();
        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));
        return (call.Session, ok);
    }

    private static SipRequest InDialog(string method, SipResponse ok, long cseq, string branch, string? body = null) =>
        SipText.Request(method, branch: branch, cseq: cseq, toTag: ok.To!.Tag, body: body);

    private SipResponse? FinalTo(string method, long cseq) =>
        _channel.Sent.Select(s => s.Message).OfType<SipResponse>()
            .LastOrDefault(r => r.StatusCode >= 200 && r.CSeq!.Value.Number == cseq && r.CSeq.Value.Method == method);

    [Fact]
    public async Task A_reINVITE_while_our_own_offer_is_pending_gets_491()
    {
        var (session, ok) = await ConfirmedAsync();
        var asked = 0;
        session.ReInviteHandler = (_, _) => { asked++; return Task.FromResult<ReadOnlyMemory<byte>?>(Encoding.UTF8.GetBytes(Answer)); };
        session.LocalOfferPending = true;

        Deliver(InDialog(SipMethods.Invite, ok, 2, "z9hG4bK-glare", body: Offer));

        Assert.Equal(491, FinalTo(SipMethods.Invite, 2)?.StatusCode);
        Assert.Equal(0, asked);
        Assert.Equal(InviteSessionState.Confirmed, session.State);

        session.LocalOfferPending = false;
        Deliver(InDialog(SipMethods.Invite, ok, 3, "z9hG4bK-after", body: Offer));
        await Eventually.True(() => FinalTo(SipMethods.Invite, 3) is not null, "answer after the glare");
        Assert.Equal(200, FinalTo(SipMethods.Invite, 3)!.StatusCode);
    }

    [Fact]
    public async Task An_UPDATE_with_an_offer_is_answered_by_the_handler_in_its_200_with_Contact()
    {
        var (session, ok) = await ConfirmedAsync();
        session.ReInviteHandler = (_, offer) => Task.FromResult<ReadOnlyMemory<byte>?>(Encoding.UTF8.GetBytes("answer-to:" + Encoding.UTF8.GetString(offer.Span)));

        Deliver(InDialog(SipMethods.Update, ok, 2, "z9hG4bK-upd", body: "hold-offer"));

        await Eventually.True(() => FinalTo(SipMethods.Update, 2) is not null, "200 to UPDATE");
        var response = FinalTo(SipMethods.Update, 2)!;
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("answer-to:hold-offer", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("application/sdp", response.ContentType);
        Assert.NotNull(response.Headers["Contact"]);
        Assert.Contains("UPDATE", response.Headers["Allow"], StringComparison.Ordinal);
        Assert.Equal("hold-offer", Encoding.UTF8.GetString(session.RemoteSdp.Span));
    }

    [Fact]
    public async Task An_UPDATE_without_a_body_is_a_refresh_answered_200_without_asking_the_handler()
    {
        var (session, ok) = await ConfirmedAsync();
        var asked = 0;
        session.ReInviteHandler = (_, _) => { asked++; return Task.FromResult<ReadOnlyMemory<byte>?>(null); };

        Deliver(InDialog(SipMethods.Update, ok, 2, "z9hG4bK-refresh"));

        var response = FinalTo(SipMethods.Update, 2);
        Assert.Equal(200, response?.StatusCode);
        Assert.True(response!.Body.IsEmpty);
        Assert.Equal(0, asked);
    }

    [Fact]
    public async Task An_UPDATE_offer_during_our_offer_gets_491_and_one_during_a_pending_reINVITE_gets_500_with_Retry_After()
    {
        var (session, ok) = await ConfirmedAsync();
        var release = new TaskCompletionSource<ReadOnlyMemory<byte>?>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.ReInviteHandler = (_, _) => release.Task;

        session.LocalOfferPending = true;
        Deliver(InDialog(SipMethods.Update, ok, 2, "z9hG4bK-u1", body: Offer));
        Assert.Equal(491, FinalTo(SipMethods.Update, 2)?.StatusCode);
        session.LocalOfferPending = false;

        Deliver(InDialog(SipMethods.Invite, ok, 3, "z9hG4bK-re", body: Offer));
        Deliver(InDialog(SipMethods.Update, ok, 4, "z9hG4bK-u2", body: Offer));
        var busy = FinalTo(SipMethods.Update, 4);
        Assert.Equal(500, busy?.StatusCode);
        Assert.InRange(int.Parse(busy!.Headers["Retry-After"]!, System.Globalization.CultureInfo.InvariantCulture), 0, 10);

        release.SetResult(Encoding.UTF8.GetBytes(Answer));
        await Eventually.True(() => FinalTo(SipMethods.Invite, 3) is not null, "200 to the re-INVITE");
        Assert.Equal(200, FinalTo(SipMethods.Invite, 3)!.StatusCode);
    }

    [Fact]
    public async Task A_reINVITE_without_SDP_gets_the_handlers_offer_and_the_answer_comes_with_the_ACK()
    {
        var (session, ok) = await ConfirmedAsync();
        ReadOnlyMemory<byte>? offered = null;
        session.ReInviteHandler = (_, offer) =>
        {
            offered = offer;
            return Task.FromResult<ReadOnlyMemory<byte>?>(Encoding.UTF8.GetBytes(Answer));
        };
        var acked = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.AckReceived += (_, body) =>
        {
            // The first ACK's event (no body) is posted asynchronously and may still arrive after this subscription.
            if (!body.IsEmpty)
            {
                acked.TrySetResult(Encoding.UTF8.GetString(body.Span));
            }
        };

        Deliver(InDialog(SipMethods.Invite, ok, 2, "z9hG4bK-noSdp"));
        await Eventually.True(() => FinalTo(SipMethods.Invite, 2) is not null, "200 with our offer");
        Assert.True(offered!.Value.IsEmpty);
        Assert.Equal(Answer, Encoding.UTF8.GetString(FinalTo(SipMethods.Invite, 2)!.Body.Span));

        Deliver(InDialog(SipMethods.Ack, ok, 2, "z9hG4bK-ack2", body: Offer));

        Assert.Equal(Offer, await acked.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Offer, Encoding.UTF8.GetString(session.RemoteSdp.Span));
    }
}
