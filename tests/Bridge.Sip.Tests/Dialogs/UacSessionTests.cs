using System.Text;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Dialogs;

public sealed class UacSessionTests
{
    private static readonly SipUri Target = SipUri.Parse("sip:4711@198.51.100.9:5070");
    private static readonly SipUri From = SipUri.Parse("sip:alice@192.0.2.1");
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly SipUserAgent _ua;

    public UacSessionTests()
    {
        _channel = new InMemoryChannel(_time);
        _ua = new SipUserAgent(_channel, _time, new SipEndpointOptions(), NullLogger.Instance);
    }

    private void Deliver(SipMessage message) => _ua.OnMessage(message, SipText.Phone);

    private async Task<SipRequest> SentInviteAsync()
    {
        await Eventually.True(() => _channel.Requests(SipMethods.Invite).Count > 0, "INVITE");
        return _channel.Requests(SipMethods.Invite)[0];
    }

    private static SipResponse WithRecordRoute(SipResponse ok)
    {
        ok.Headers.Add("Record-Route", "<sip:192.0.2.60;lr>");
        ok.Headers.Add("Record-Route", "<sip:192.0.2.61;lr>");
        return (SipResponse)SipText.Parse(Encoding.UTF8.GetString(ok.ToBytes()));
    }

    [Fact]
    public async Task Invite_has_the_mandatory_headers_and_the_offer()
    {
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), CancellationToken.None);
        var invite = await SentInviteAsync();

        Assert.StartsWith("z9hG4bK", invite.TopVia!.Branch, StringComparison.Ordinal);
        Assert.True(invite.TopVia.HasRPort);
        Assert.Equal(70, invite.MaxForwards);
        Assert.NotNull(invite.From!.Tag);
        Assert.Null(invite.To!.Tag);
        Assert.NotNull(invite.CallId);
        Assert.Equal(SipMethods.Invite, invite.CSeq!.Value.Method);
        Assert.Equal("192.0.2.1", invite.Contact!.Uri.Host);
        Assert.Equal("application/sdp", invite.ContentType);
        Assert.Equal("offer", Encoding.UTF8.GetString(invite.Body.Span));
        Assert.Equal(5070, _channel.Sent[0].Destination.EndPoint.Port);
        Deliver(SipText.ResponseTo(invite, 486));
        Assert.Equal(486, (await call.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Fact]
    public async Task The_2xx_is_acked_along_the_reversed_record_route_and_acked_again_when_retransmitted()
    {
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), CancellationToken.None);
        var invite = await SentInviteAsync();
        var ok = WithRecordRoute(SipText.ResponseTo(invite, 200, body: "answer"));

        Deliver(ok);
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));
        Deliver(ok);

        Assert.Equal(InviteSessionState.Confirmed, result.Session!.State);
        Assert.Equal("answer", Encoding.UTF8.GetString(result.Session.RemoteSdp.Span));
        var acks = _channel.Requests(SipMethods.Ack);
        Assert.Equal(2, acks.Count);
        var ack = acks[0];
        Assert.NotEqual(invite.TopVia!.Branch, ack.TopVia!.Branch); // §13.2.2.4: a new transaction
        Assert.Equal(invite.CSeq!.Value.Number, ack.CSeq!.Value.Number);
        Assert.Equal("bob", ack.RequestUri.User); // remote target = Contact of the 2xx
        Assert.Equal(new[] { "<sip:192.0.2.61;lr>", "<sip:192.0.2.60;lr>" }, ack.Headers.GetValues("Route"));
        Assert.Equal("192.0.2.61", _channel.Sent.First(s => s.Message is SipRequest { Method: SipMethods.Ack }).Destination.EndPoint.Address.ToString());
        Assert.Equal("uas-tag", ack.To!.Tag);
    }

    [Fact]
    public async Task Remote_bye_ends_the_outgoing_session()
    {
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), CancellationToken.None);
        var invite = await SentInviteAsync();
        Deliver(SipText.ResponseTo(invite, 200, body: "answer"));
        var session = (await call.WaitAsync(TimeSpan.FromSeconds(10))).Session!;

        var bye = (SipRequest)SipText.Parse(
            "BYE sip:alice@192.0.2.1 SIP/2.0\n" +
            "Via: SIP/2.0/UDP 198.51.100.9:5070;branch=z9hG4bK-bye\nMax-Forwards: 70\n" +
            $"From: {invite.To!.WithTag("uas-tag")}\nTo: {invite.From}\nCall-ID: {invite.CallId}\nCSeq: 5 BYE\nContent-Length: 0\n\n");
        Deliver(bye);

        Assert.Equal(SipMethods.Bye, _channel.Responses(200).Single().CSeq!.Value.Method);
        await session.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(TerminationReason.RemoteBye, session.EndReason);
    }

    [Fact]
    public async Task Cancelling_before_any_provisional_waits_for_one_then_sends_CANCEL()
    {
        using var cts = new CancellationTokenSource();
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), cts.Token);
        var invite = await SentInviteAsync();

        await cts.CancelAsync();
        Assert.Empty(_channel.Requests(SipMethods.Cancel)); // §9.1: not before a provisional response
        Deliver(SipText.ResponseTo(invite, 180));
        var cancel = Assert.Single(_channel.Requests(SipMethods.Cancel));
        Deliver(SipText.ResponseTo(invite, 487));

        Assert.Equal(invite.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal(invite.CSeq!.Value.Number, cancel.CSeq!.Value.Number);
        Assert.Equal(487, (await call.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }

    [Fact]
    public async Task No_answer_at_all_is_a_408_after_Timer_B()
    {
        var call = _ua.CallAsync(Target, From, Encoding.UTF8.GetBytes("offer"), CancellationToken.None);
        await SentInviteAsync();

        _time.Advance(TimeSpan.FromSeconds(33));

        Assert.Equal(408, (await call.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
    }
}
