using System.Text;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Dialogs;

public sealed class UasSessionTests
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private const string Answer = "v=0\r\no=- 2 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly SipUserAgent _ua;
    private readonly TaskCompletionSource<IncomingCall> _incoming = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DateTimeOffset _start;

    public UasSessionTests()
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
        _start = _time.GetUtcNow();
    }

    private void Deliver(SipMessage message) => _ua.OnMessage(message, SipText.Phone);

    private void Run(TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += TimeSpan.FromMilliseconds(50))
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task<IncomingCall> IncomingAsync(string? body = Offer, string extra = "")
    {
        Deliver(SipText.Request(SipMethods.Invite, body: body, extra: extra));
        return await _incoming.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<(IncomingCall Call, SipResponse Ok)> AnsweredAsync(string? body = Offer, string extra = "")
    {
        var call = await IncomingAsync(body, extra);
        await call.AcceptAsync(Encoding.UTF8.GetBytes(Answer));
        return (call, _channel.Responses(200).Single());
    }

    private SipRequest InDialog(string method, SipResponse ok, long cseq, string branch, string? body = null) =>
        SipText.Request(method, branch: branch, cseq: cseq, toTag: ok.To!.Tag, body: body);

    [Fact]
    public async Task Invite_is_answered_100_at_once_and_handed_to_the_application_with_its_offer()
    {
        var call = await IncomingAsync();

        Assert.Single(_channel.Responses(100));
        Assert.Equal(Offer, Encoding.UTF8.GetString(call.Session.RemoteSdp.Span));
        Assert.Equal(InviteSessionState.Early, call.Session.State);
        Assert.Equal("alice123456", call.Session.RemoteParty.Uri.User);
    }

    [Fact]
    public async Task Ringing_and_200_carry_the_same_To_tag_Contact_and_the_answer()
    {
        var call = await IncomingAsync();
        await call.RingAsync();
        await call.AcceptAsync(Encoding.UTF8.GetBytes(Answer));

        var ringing = Assert.Single(_channel.Responses(180));
        var ok = Assert.Single(_channel.Responses(200));
        Assert.NotNull(ok.To!.Tag);
        Assert.Equal(ringing.To!.Tag, ok.To.Tag);
        Assert.Equal("192.0.2.1", ok.Contact!.Uri.Host);
        Assert.Equal("application/sdp", ok.ContentType);
        Assert.Equal(Answer, Encoding.UTF8.GetString(ok.Body.Span));
        Assert.Contains("INFO", ok.Headers["Allow"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_2xx_is_retransmitted_T1_doubling_to_T2_until_the_ACK()
    {
        var (call, ok) = await AnsweredAsync();
        ReadOnlyMemory<byte>? acked = null;
        call.Session.AckReceived += (_, body) => acked = body;

        Run(TimeSpan.FromSeconds(12));
        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));
        Run(TimeSpan.FromSeconds(20));

        var times = _channel.Sent.Where(s => s.Message is SipResponse { StatusCode: 200 }).Select(s => (s.At - _start).TotalSeconds);
        Assert.Equal(new[] { 0, 0.5, 1.5, 3.5, 7.5, 11.5 }, times);
        Assert.Equal(InviteSessionState.Confirmed, call.Session.State);
        await Eventually.True(() => acked is not null, "AckReceived");
        Assert.True(acked!.Value.IsEmpty);
        Assert.Empty(_channel.Requests(SipMethods.Bye));
    }

    [Fact]
    public async Task Without_ACK_the_2xx_is_given_up_after_64_T1_and_a_BYE_is_sent()
    {
        var (call, _) = await AnsweredAsync();
        TerminationReason? reason = null;
        call.Session.Terminated += (_, r) => reason = r;

        Run(TimeSpan.FromSeconds(33));

        var bye = _channel.Requests(SipMethods.Bye)[0]; // (and its Timer E retransmission)
        var byeAt = _channel.Sent.First(s => s.Message is SipRequest { Method: SipMethods.Bye }).At - _start;
        Assert.Equal(32, byeAt.TotalSeconds, 1);
        Assert.DoesNotContain(_channel.Sent, s => s.Message is SipResponse { StatusCode: 200 } && s.At - _start > byeAt);
        Assert.Equal("alice", bye.RequestUri.User); // remote target = the caller's Contact (§12.1.1)
        await Eventually.True(() => reason is not null, "Terminated");
        Assert.Equal(TerminationReason.AckTimeout, reason);
    }

    [Fact]
    public async Task Late_offer_answer_in_ACK_is_delivered()
    {
        var (call, ok) = await AnsweredAsync(body: null);
        Assert.True(call.Session.RemoteSdp.IsEmpty);
        ReadOnlyMemory<byte>? acked = null;
        call.Session.AckReceived += (_, body) => acked = body;

        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack", body: Offer));

        await Eventually.True(() => acked is not null, "AckReceived");
        Assert.Equal(Offer, Encoding.UTF8.GetString(acked!.Value.Span));
        Assert.Equal(Offer, Encoding.UTF8.GetString(call.Session.RemoteSdp.Span));
    }

    [Fact]
    public async Task Cancel_before_answer_gives_487_and_200_and_fires_Cancelled()
    {
        var call = await IncomingAsync();
        TerminationReason? reason = null;
        call.Session.Terminated += (_, r) => reason = r;

        Deliver(SipText.Request(SipMethods.Cancel));

        Assert.Single(_channel.Responses(487));
        Assert.Equal(SipMethods.Cancel, _channel.Responses(200).Single().CSeq!.Value.Method);
        Assert.True(call.Cancelled.IsCancellationRequested);
        await Eventually.True(() => reason is not null, "Terminated");
        Assert.Equal(TerminationReason.Cancelled, reason);
        Assert.Throws<InvalidOperationException>(() => call.AcceptAsync(Encoding.UTF8.GetBytes(Answer)).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Remote_BYE_is_answered_and_ends_the_session()
    {
        var (call, ok) = await AnsweredAsync();
        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));
        TerminationReason? reason = null;
        call.Session.Terminated += (_, r) => reason = r;

        Deliver(InDialog(SipMethods.Bye, ok, 2, "z9hG4bK-bye"));

        Assert.Equal(SipMethods.Bye, _channel.Responses(200).Last().CSeq!.Value.Method);
        await Eventually.True(() => reason is not null, "Terminated");
        Assert.Equal(TerminationReason.RemoteBye, reason);
        Assert.Empty(_ua.Sessions);
    }

    [Fact]
    public async Task Info_in_dialog_is_answered_200_and_handed_up()
    {
        var (call, ok) = await AnsweredAsync();
        SipRequest? info = null;
        call.Session.InfoReceived += (_, r) => info = r;

        Deliver(InDialog(SipMethods.Info, ok, 2, "z9hG4bK-info"));

        Assert.Equal(SipMethods.Info, _channel.Responses(200).Last().CSeq!.Value.Method);
        await Eventually.True(() => info is not null, "InfoReceived");
    }

    [Fact]
    public async Task ReInvite_is_answered_by_the_handler_and_null_means_488()
    {
        var (call, ok) = await AnsweredAsync();
        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));
        var answers = new Queue<ReadOnlyMemory<byte>?>([Encoding.UTF8.GetBytes("hold-answer"), null]);
        call.Session.ReInviteHandler = (_, _) => Task.FromResult(answers.Dequeue());

        Deliver(InDialog(SipMethods.Invite, ok, 2, "z9hG4bK-re1", body: "hold-offer"));
        await Eventually.True(() => _channel.Responses(200).Any(r => r.CSeq!.Value.Number == 2), "200 to re-INVITE");
        Deliver(InDialog(SipMethods.Ack, ok, 2, "z9hG4bK-ack2"));
        Deliver(InDialog(SipMethods.Invite, ok, 3, "z9hG4bK-re2", body: "other-offer"));
        await Eventually.True(() => _channel.Responses(488).Count == 1, "488");

        var reOk = _channel.Responses(200).Single(r => r.CSeq!.Value.Number == 2);
        Assert.Equal("hold-answer", Encoding.UTF8.GetString(reOk.Body.Span));
        Assert.Equal("hold-offer", Encoding.UTF8.GetString(call.Session.RemoteSdp.Span));
        Assert.Equal(InviteSessionState.Confirmed, call.Session.State);
    }

    [Fact]
    public async Task Local_hangup_sends_BYE_along_the_route_set_with_a_higher_CSeq()
    {
        var (call, ok) = await AnsweredAsync(extra: "Record-Route: <sip:192.0.2.50;lr>, <sip:192.0.2.51;lr>\n");
        Assert.Equal(2, ok.Headers.GetValues("Record-Route").Count);
        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));

        var hangup = call.Session.HangupAsync();
        var bye = Assert.Single(_channel.Requests(SipMethods.Bye));
        Deliver(SipText.ResponseTo(bye, 200, toTag: null));
        await hangup.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new[] { "<sip:192.0.2.50;lr>", "<sip:192.0.2.51;lr>" }, bye.Headers.GetValues("Route"));
        Assert.Equal("alice", bye.RequestUri.User);
        Assert.Equal("192.0.2.50", _channel.Sent.Single(s => s.Message == bye || (s.Message is SipRequest { Method: SipMethods.Bye })).Destination.EndPoint.Address.ToString());
        Assert.Equal(ok.To!.Tag, bye.From!.Tag);
        Assert.Equal("ft1", bye.To!.Tag);
        Assert.Equal(InviteSessionState.Terminated, call.Session.State);
    }

    [Fact]
    public async Task Hangup_before_the_ACK_waits_for_it()
    {
        var (call, ok) = await AnsweredAsync();
        var hangup = call.Session.HangupAsync();
        Assert.Empty(_channel.Requests(SipMethods.Bye));

        Deliver(InDialog(SipMethods.Ack, ok, 1, "z9hG4bK-ack"));

        await hangup.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(_channel.Requests(SipMethods.Bye));
    }
}
