using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Transactions;

/// <summary>RFC 3261 §8.2.7: OPTIONS outside a dialog is answered statelessly; other requests keep their §17.2.2 transaction.</summary>
public sealed class StatelessOptionsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly RecordingTransactionUser _user = new();
    private readonly SipTransactionLayer _layer;

    public StatelessOptionsTests()
    {
        _channel = new InMemoryChannel(_time);
        _layer = new SipTransactionLayer(_channel, _time, new SipTimerOptions(), _user);
    }

    [Fact]
    public void Options_is_answered_and_nothing_is_kept_so_a_retransmission_is_answered_again()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Options), SipText.Phone);
        var tx = Assert.Single(_user.Requests);
        Assert.True(tx.Respond(SipResponseFactory.Create(tx.Request, 200)));

        Assert.Equal(0, _layer.Count); // no transaction waits out Timer J (32 s on UDP)
        Assert.Single(_channel.Responses(200));
        Assert.False(tx.Respond(SipResponseFactory.Create(tx.Request, 200))); // one final answer per request

        _layer.OnRequest(SipText.Request(SipMethods.Options), SipText.Phone); // the same request again
        Assert.Equal(2, _user.Requests.Count);
        _user.Requests[1].Respond(SipResponseFactory.Create(_user.Requests[1].Request, 200));
        Assert.Equal(2, _channel.Responses(200).Count);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void Other_requests_outside_a_dialog_still_keep_their_transaction_for_timer_J()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Info), SipText.Phone);
        var tx = Assert.Single(_user.Requests);
        tx.Respond(SipResponseFactory.Create(tx.Request, 481));

        Assert.Equal(1, _layer.Count);
        _layer.OnRequest(SipText.Request(SipMethods.Info), SipText.Phone);
        Assert.Single(_user.Requests); // absorbed by the transaction
        Assert.Equal(2, _channel.Responses(481).Count);
    }
}
