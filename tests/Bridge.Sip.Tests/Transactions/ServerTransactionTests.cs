using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Transactions;

public sealed class ServerTransactionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly RecordingTransactionUser _user = new();
    private readonly SipTransactionLayer _layer;
    private readonly DateTimeOffset _start;

    public ServerTransactionTests()
    {
        _channel = new InMemoryChannel(_time);
        _layer = new SipTransactionLayer(_channel, _time, new SipTimerOptions(), _user);
        _start = _time.GetUtcNow();
    }

    private void Run(TimeSpan total)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += TimeSpan.FromMilliseconds(50))
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
        }
    }

    private double[] ResponseTimes(int status) =>
        _channel.Sent.Where(s => s.Message is SipResponse r && r.StatusCode == status).Select(s => (s.At - _start).TotalSeconds).ToArray();

    [Fact]
    public void Invite_gets_100_Trying_at_once_and_a_retransmitted_invite_is_absorbed()
    {
        var invite = SipText.Request(SipMethods.Invite);
        _layer.OnRequest(invite, SipText.Phone);
        _layer.OnRequest(SipText.Request(SipMethods.Invite), SipText.Phone);

        Assert.Single(_user.Requests); // the retransmission never reaches the user
        Assert.Equal(2, _channel.Responses(100).Count); // but the last response is sent again
        var tx = _user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 180));
        _layer.OnRequest(SipText.Request(SipMethods.Invite), SipText.Phone);
        Assert.Equal(2, _channel.Responses(180).Count);
        Assert.Null(_channel.Responses(100)[0].To!.Tag);
    }

    [Fact]
    public void Timer_G_retransmits_a_non_2xx_final_doubling_to_T2_and_Timer_H_reports_the_missing_ACK()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Invite), SipText.Phone);
        var tx = _user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 486));

        Run(TimeSpan.FromSeconds(33));

        Assert.Equal(new[] { 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 }, ResponseTimes(486));
        var failure = Assert.Single(_user.Failures);
        Assert.Equal(SipTransactionError.Timeout, failure.Error);
        Assert.Equal(SipTransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Ack_for_non_2xx_stops_Timer_G_and_is_absorbed()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Invite), SipText.Phone);
        var tx = _user.Requests[0];
        var busy = SipResponseFactory.Create(tx.Request, 486);
        tx.Respond(busy);
        Run(TimeSpan.FromMilliseconds(600));
        var ack = SipText.Request(SipMethods.Ack, toTag: busy.To!.Tag, cseqMethod: SipMethods.Ack);

        _layer.OnRequest(ack, SipText.Phone);
        _layer.OnRequest(ack, SipText.Phone);
        Run(TimeSpan.FromSeconds(10));

        Assert.Equal(2, ResponseTimes(486).Length);
        Assert.Empty(_user.Acks);
        Assert.Empty(_user.Failures);
        Assert.Equal(SipTransactionState.Terminated, tx.State); // Timer I = T4
    }

    [Fact]
    public void Cancel_gets_200_and_the_user_is_told_to_send_487()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Invite), SipText.Phone);

        _layer.OnRequest(SipText.Request(SipMethods.Cancel), SipText.Phone);

        var ok = Assert.Single(_channel.Responses(200));
        Assert.Equal(SipMethods.Cancel, ok.CSeq!.Value.Method);
        Assert.Same(_user.Requests[0], Assert.Single(_user.Cancels));
    }

    [Fact]
    public void Cancel_without_matching_invite_gets_481()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Cancel), SipText.Phone);

        Assert.Single(_channel.Responses(481));
        Assert.Empty(_user.Cancels);
    }

    [Fact]
    public void Merged_request_with_other_branch_gets_482()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Invite, branch: "z9hG4bK-a"), SipText.Phone);

        _layer.OnRequest(SipText.Request(SipMethods.Invite, branch: "z9hG4bK-b"), SipText.Phone);

        Assert.Single(_user.Requests);
        var loop = Assert.Single(_channel.Responses(482));
        Assert.Equal("Loop Detected", loop.ReasonPhrase);
    }

    [Fact]
    public void Non_invite_final_is_resent_for_a_retransmission_until_Timer_J()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Info), SipText.Phone);
        _layer.OnRequest(SipText.Request(SipMethods.Info), SipText.Phone); // Trying: discarded
        var tx = _user.Requests.Single();
        tx.Respond(SipResponseFactory.Create(tx.Request, 200));
        _layer.OnRequest(SipText.Request(SipMethods.Info), SipText.Phone);

        Assert.Equal(2, _channel.Responses(200).Count);
        Run(TimeSpan.FromSeconds(33));
        Assert.Equal(0, _layer.Count);
        _layer.OnRequest(SipText.Request(SipMethods.Info), SipText.Phone);
        Assert.Equal(2, _user.Requests.Count); // after Timer J it is a new transaction
    }

    [Fact]
    public void Old_style_branch_matches_by_the_rfc2543_tuple()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Info, branch: "1234"), SipText.Phone);
        _layer.OnRequest(SipText.Request(SipMethods.Info, branch: "1234"), SipText.Phone);
        _layer.OnRequest(SipText.Request(SipMethods.Info, branch: "1234", cseq: 2), SipText.Phone);

        Assert.Equal(2, _user.Requests.Count);
    }

    [Fact]
    public void Received_and_rport_are_added_and_responses_go_to_the_source()
    {
        var natted = new SipRemote(SipTransportNames.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("203.0.113.5"), 40000));
        _layer.OnRequest(SipText.Request(SipMethods.Options, viaHost: "10.0.0.2:5060;rport"), natted);
        var tx = _user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 200));

        var sent = Assert.Single(_channel.Sent);
        var via = ((SipResponse)sent.Message).TopVia!;
        Assert.Equal("203.0.113.5", via.Received);
        Assert.Equal(40000, via.RPort);
        Assert.Equal(natted.EndPoint, sent.Destination.EndPoint); // RFC 3581 §4
    }

    [Fact]
    public void Stamping_keeps_every_via_of_a_proxied_request_in_order()
    {
        var request = SipText.Request(SipMethods.Options, viaHost: "192.0.2.50;rport", extra: "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bK-phone, SIP/2.0/TCP 10.0.0.8;branch=z9hG4bK-x\n");
        var proxy = new SipRemote(SipTransportNames.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("192.0.2.50"), 5060));
        _layer.OnRequest(request, proxy);
        var tx = _user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 200));

        var vias = ((SipResponse)_channel.Sent.Single().Message).Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal(5060, vias[0].RPort);
        Assert.Equal("z9hG4bK-phone", vias[1].Branch);
        Assert.Equal("TCP", vias[2].Transport);
    }

    [Fact]
    public void Reliable_responses_reuse_the_connection_and_fall_back_to_the_sent_by_port()
    {
        var source = new SipRemote(SipTransportNames.Tcp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("203.0.113.5"), 40001)) { ConnectionId = 7 };
        var request = SipText.Request(SipMethods.Options, viaHost: "phone.example:5070");

        var destination = SipTransactionLayer.ResponseDestination(request, source);

        Assert.Equal(7, destination.ConnectionId);
        Assert.Equal(source.EndPoint, destination.EndPoint);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("203.0.113.5"), 5070), destination.ReconnectEndPoint);
    }

    [Fact]
    public void Without_rport_the_response_goes_to_received_and_the_via_port()
    {
        var source = new SipRemote(SipTransportNames.Udp, new System.Net.IPEndPoint(System.Net.IPAddress.Parse("203.0.113.5"), 40000));
        _layer.OnRequest(SipText.Request(SipMethods.Options, viaHost: "phone.example:5070"), source);
        var tx = _user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 200));

        var sent = Assert.Single(_channel.Sent);
        Assert.Equal("203.0.113.5", ((SipResponse)sent.Message).TopVia!.Received);
        Assert.Equal(new System.Net.IPEndPoint(System.Net.IPAddress.Parse("203.0.113.5"), 5070), sent.Destination.EndPoint);
    }

    /// <summary>
    /// An answered call's session keeps its INVITE transaction for the whole call: once the transaction is over (Timer L,
    /// RFC 6026) the serialized 200 OK it held for retransmissions goes (issue 14, memory per participant).
    /// </summary>
    [Fact]
    public void An_accepted_invite_lets_go_of_its_serialized_response_once_terminated()
    {
        _layer.OnRequest(SipText.Request(SipMethods.Invite), SipText.Phone);
        var tx = (InviteServerTransaction)_user.Requests[0];
        tx.Respond(SipResponseFactory.Create(tx.Request, 200));
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Assert.True(tx.HeldResponseBytes > 0);

        Run(TimeSpan.FromSeconds(33)); // Timer L = 64 * T1
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Equal(0, tx.HeldResponseBytes);
        Assert.Equal(200, tx.LastResponse!.StatusCode); // the session still reads the answer
    }
}
