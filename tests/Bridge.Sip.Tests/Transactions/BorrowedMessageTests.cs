using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Transactions;

/// <summary>
/// The transaction layer decides what a borrowed message costs: a request that starts a transaction (or an ACK or a
/// response that goes up) is detached before anything keeps it; an absorbed retransmission is never copied.
/// </summary>
public sealed class BorrowedMessageTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly RecordingTransactionUser _user = new();
    private readonly SipTransactionLayer _layer;

    public BorrowedMessageTests()
    {
        _channel = new InMemoryChannel(_time);
        _layer = new SipTransactionLayer(_channel, _time, new SipTimerOptions(), _user);
    }

    /// <summary>Parses <paramref name="message"/> in place from a receive buffer, as the transports do.</summary>
    private static (SipRequest Request, byte[] Buffer) Receive(SipRequest message)
    {
        var bytes = message.ToBytes();
        var buffer = new byte[bytes.Length + 32];
        bytes.CopyTo(buffer, 32);
        var request = (SipRequest)SipParser.ParseDatagramInPlace(buffer, 32, bytes.Length, SipParserLimits.Default).Message!;
        return (request, buffer);
    }

    /// <summary>What a transport does after dispatch: end the loan and reuse the buffer.</summary>
    private static void EndDispatch(SipMessage message, byte[] buffer)
    {
        message.EndBorrow();
        Array.Fill(buffer, (byte)'X');
    }

    [Fact]
    public void A_request_that_starts_a_transaction_outlives_the_receive_buffer()
    {
        var (invite, buffer) = Receive(SipText.Request(SipMethods.Invite, body: "v=0\r\n"));

        _layer.OnRequest(invite, SipText.Phone);
        EndDispatch(invite, buffer);

        var tx = Assert.Single(_user.Requests);
        Assert.False(tx.Request.IsBorrowed);
        Assert.Equal("v=0\r\n", Encoding.ASCII.GetString(tx.Request.Body.Span));
        Assert.Equal("sip:4711@192.0.2.1", tx.Request.RequestUri.ToString());
        tx.Respond(SipResponseFactory.Create(tx.Request, 486));
        var busy = _channel.Responses(486)[0];
        Assert.Equal("call-1@phone", busy.CallId);
        Assert.Equal("z9hG4bK-1", busy.TopVia!.Branch);
    }

    [Fact]
    public void An_absorbed_retransmission_is_never_copied()
    {
        var (first, firstBuffer) = Receive(SipText.Request(SipMethods.Invite));
        _layer.OnRequest(first, SipText.Phone);
        EndDispatch(first, firstBuffer);

        var (again, againBuffer) = Receive(SipText.Request(SipMethods.Invite));
        _layer.OnRequest(again, SipText.Phone);

        Assert.True(again.IsBorrowed);
        Assert.Single(_user.Requests);
        Assert.Equal(2, _channel.Responses(100).Count); // answered from the transaction's own copy
        EndDispatch(again, againBuffer);
        _layer.OnRequest(Receive(SipText.Request(SipMethods.Invite)).Request, SipText.Phone);
        Assert.Equal(3, _channel.Responses(100).Count);
    }

    [Fact]
    public void A_cancel_and_the_487_it_causes_outlive_their_buffers()
    {
        var (invite, inviteBuffer) = Receive(SipText.Request(SipMethods.Invite));
        _layer.OnRequest(invite, SipText.Phone);
        EndDispatch(invite, inviteBuffer);
        var (cancel, cancelBuffer) = Receive(SipText.Request(SipMethods.Cancel, cseqMethod: SipMethods.Cancel));

        _layer.OnRequest(cancel, SipText.Phone);
        EndDispatch(cancel, cancelBuffer);

        Assert.Single(_user.Cancels);
        var tx = _user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 487));
        Assert.Equal("call-1@phone", _channel.Responses(200)[0].CallId);
        Assert.Equal(SipMethods.Cancel, _channel.Responses(200)[0].CSeq!.Value.Method);
        Assert.Equal(SipMethods.Invite, _channel.Responses(487)[0].CSeq!.Value.Method);
    }
}
