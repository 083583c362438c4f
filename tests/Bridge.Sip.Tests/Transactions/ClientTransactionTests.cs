using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Sip.Tests.Transactions;

public sealed class ClientTransactionTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly InMemoryChannel _channel;
    private readonly RecordingTransactionUser _user = new();
    private readonly SipTransactionLayer _layer;
    private readonly DateTimeOffset _start;

    public ClientTransactionTests()
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

    private double[] SendTimes(string method) =>
        _channel.Sent.Where(s => s.Message is SipRequest r && r.Method == method).Select(s => (s.At - _start).TotalSeconds).ToArray();

    [Fact]
    public async Task NonInvite_retransmits_doubling_from_T1_capped_at_T2_then_Timer_F_times_out()
    {
        var tx = _layer.StartClient(SipText.Request(SipMethods.Options), SipText.Phone, null);

        Run(TimeSpan.FromSeconds(33));

        // §17.1.2.2: T1, 2T1, 4T1, then every T2 (4 s) until 64*T1 = 32 s.
        Assert.Equal(new[] { 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5 }, SendTimes(SipMethods.Options));
        Assert.Null(await tx.FinalResponse);
        Assert.Equal(SipTransactionError.Timeout, tx.Error);
        Assert.Equal(0, _layer.Count);
    }

    [Fact]
    public void NonInvite_in_Proceeding_retransmits_every_T2()
    {
        var request = SipText.Request(SipMethods.Options);
        _layer.StartClient(request, SipText.Phone, null);
        Run(TimeSpan.FromMilliseconds(600));
        _layer.OnResponse(SipText.ResponseTo(request, 100, null), SipText.Phone);
        _channel.Clear();

        Run(TimeSpan.FromSeconds(10));

        var times = SendTimes(SipMethods.Options);
        Assert.Equal(new[] { 1.5, 5.5, 9.5 }, times.Select(t => Math.Round(t, 2)).ToArray());
    }

    [Fact]
    public async Task NonInvite_final_response_completes_and_Timer_K_removes_the_transaction()
    {
        var request = SipText.Request(SipMethods.Options);
        var tx = _layer.StartClient(request, SipText.Phone, null);
        _layer.OnResponse(SipText.ResponseTo(request, 200), SipText.Phone);

        Assert.Equal(200, (await tx.FinalResponse)!.StatusCode);
        Assert.Equal(SipTransactionState.Completed, tx.State);
        Run(TimeSpan.FromSeconds(6));
        Assert.Equal(SipTransactionState.Terminated, tx.State);
        Assert.Single(SendTimes(SipMethods.Options)); // no retransmission after the final response
    }

    [Fact]
    public async Task Invite_Timer_A_doubles_without_cap_and_Timer_B_times_out()
    {
        var tx = _layer.StartClient(SipText.Request(SipMethods.Invite), SipText.Phone, null);

        Run(TimeSpan.FromSeconds(33));

        Assert.Equal(new[] { 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 }, SendTimes(SipMethods.Invite));
        Assert.Null(await tx.FinalResponse);
        Assert.Equal(SipTransactionError.Timeout, tx.Error);
    }

    [Fact]
    public void Invite_provisional_stops_retransmissions()
    {
        var request = SipText.Request(SipMethods.Invite);
        _layer.StartClient(request, SipText.Phone, null);
        _layer.OnResponse(SipText.ResponseTo(request, 180), SipText.Phone);

        Run(TimeSpan.FromSeconds(40));

        Assert.Single(SendTimes(SipMethods.Invite));
    }

    [Fact]
    public async Task Invite_non_2xx_is_acked_in_the_transaction_and_its_retransmission_acked_again()
    {
        var request = SipText.Request(SipMethods.Invite, extra: "Route: <sip:proxy.example;lr>\n");
        var tx = _layer.StartClient(request, SipText.Phone, null);
        var busy = SipText.ResponseTo(request, 486, "busy-tag");

        _layer.OnResponse(busy, SipText.Phone);
        _layer.OnResponse(busy, SipText.Phone);

        Assert.Equal(486, (await tx.FinalResponse)!.StatusCode);
        var acks = _channel.Requests(SipMethods.Ack);
        Assert.Equal(2, acks.Count);
        var ack = acks[0];
        Assert.Equal(request.TopVia!.Branch, ack.TopVia!.Branch); // §17.1.1.3: same branch as the INVITE
        Assert.Equal("busy-tag", ack.To!.Tag);
        Assert.Equal(new SipCSeq(1, SipMethods.Ack), ack.CSeq);
        Assert.Equal(request.RequestUri.ToString(), ack.RequestUri.ToString());
        Assert.Single(ack.Headers.GetValues("Route"));
        Assert.True(tx.HeldRequestBytes > 0);
        Run(TimeSpan.FromSeconds(33));
        Assert.Equal(SipTransactionState.Terminated, tx.State); // Timer D
        Assert.Equal(0, tx.HeldRequestBytes); // nothing is sent again: the serialized INVITE goes
    }

    [Fact]
    public async Task Invite_2xx_is_passed_up_and_retransmitted_2xx_still_reaches_the_user()
    {
        var request = SipText.Request(SipMethods.Invite);
        var seen = new List<int>();
        var tx = _layer.StartClient(request, SipText.Phone, (_, r) => seen.Add(r.StatusCode));
        var ok = SipText.ResponseTo(request, 200);

        _layer.OnResponse(ok, SipText.Phone);
        _layer.OnResponse(ok, SipText.Phone);

        Assert.Equal(200, (await tx.FinalResponse)!.StatusCode);
        Assert.Equal(new[] { 200, 200 }, seen);
        Assert.Empty(_channel.Requests(SipMethods.Ack)); // the 2xx ACK belongs to the dialog (§13.2.2.4)
        Assert.Equal(SipTransactionState.Accepted, tx.State);
        Run(TimeSpan.FromSeconds(33));
        Assert.Equal(SipTransactionState.Terminated, tx.State); // Timer M (RFC 6026)
        _layer.OnResponse(ok, SipText.Phone);
        Assert.Single(_user.Stray);
    }

    [Fact]
    public async Task Transport_error_fails_the_transaction()
    {
        _channel.FailSends = true;
        var tx = _layer.StartClient(SipText.Request(SipMethods.Options), SipText.Phone, null);

        Assert.Null(await tx.FinalResponse);
        Assert.Equal(SipTransactionError.TransportError, tx.Error);
    }

    [Fact]
    public void Reliable_transport_does_not_retransmit()
    {
        var tcp = new SipRemote(SipTransportNames.Tcp, SipText.Phone.EndPoint);
        _layer.StartClient(SipText.Request(SipMethods.Options), tcp, null);

        Run(TimeSpan.FromSeconds(10));

        Assert.Single(SendTimes(SipMethods.Options));
    }
}
