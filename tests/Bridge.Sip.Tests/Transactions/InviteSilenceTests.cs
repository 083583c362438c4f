using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Transactions;

/// <summary>RFC 3263 §4.3: an INVITE to a server that stays silent is given up before Timer B so the next server can be
/// tried; a server that answered anything (even 100 Trying) is kept.</summary>
public sealed class InviteSilenceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly SipTransactionLayer _layer;

    public InviteSilenceTests()
    {
        _channel = new InMemoryChannel(_time);
        _layer = new SipTransactionLayer(_channel, _time, new SipTimerOptions(), new RecordingTransactionUser());
    }

    [Fact]
    public async Task A_silent_server_is_given_up_as_a_timeout_without_a_CANCEL()
    {
        var tx = (InviteClientTransaction)_layer.StartClient(SipText.Request(SipMethods.Invite), SipText.Phone, null);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.True(tx.GiveUpIfSilent());

        Assert.Null(await tx.FinalResponse);
        Assert.Equal(SipTransactionError.Timeout, tx.Error);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, _layer.Count);
        _channel.Clear();
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Empty(_channel.Sent); // no more retransmissions, no CANCEL
    }

    [Fact]
    public void A_server_that_sent_100_Trying_is_kept()
    {
        var invite = SipText.Request(SipMethods.Invite);
        var tx = (InviteClientTransaction)_layer.StartClient(invite, SipText.Phone, null);
        _layer.OnResponse(SipText.ResponseTo(invite, 100, null), SipText.Phone);

        Assert.False(tx.GiveUpIfSilent());

        Assert.Equal(SipTransactionState.Proceeding, tx.State);
        Assert.False(tx.FinalResponse.IsCompleted);
    }
}
