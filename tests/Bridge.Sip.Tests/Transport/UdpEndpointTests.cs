using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridge.Sip.Dialogs;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Transport;

public sealed class UdpEndpointTests : IAsyncLifetime
{
    private SipEndpoint _bridge = null!;
    private SipEndpoint _phone = null!;

    public async Task InitializeAsync()
    {
        _bridge = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any });
        _phone = await Endpoints.StartAsync(new SipEndpointOptions { Udp = Endpoints.Any, UserAgent = "Phone" });
    }

    public async Task DisposeAsync()
    {
        await _phone.DisposeAsync();
        await _bridge.DisposeAsync();
    }

    private SipUri BridgeUri(string user = "4711") =>
        SipUri.Parse("sip:" + user + "@127.0.0.1:" + Endpoints.Bound(_bridge, SipTransportNames.Udp).Port);

    [Fact]
    public void Port_zero_is_reported_as_the_real_port()
    {
        var point = Assert.Single(_bridge.ListenPoints);
        Assert.Equal(SipTransportNames.Udp, point.Transport);
        Assert.NotEqual(0, point.EndPoint.Port);
    }

    [Fact]
    public async Task A_port_in_use_fails_start_with_the_cause()
    {
        await using var clash = new SipEndpoint(
            new SipEndpointOptions { Udp = Endpoints.Bound(_bridge, SipTransportNames.Udp) },
            TimeProvider.System,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => clash.StartAsync(CancellationToken.None));

        Assert.IsType<SocketException>(error.InnerException);
    }

    [Fact]
    public async Task Options_round_trip_over_udp()
    {
        var response = await _phone.SendOptionsAsync(BridgeUri(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.NotNull(response);
        Assert.Equal(200, response.StatusCode);
        Assert.Equal("Bridge", response.Headers["Server"]);
        Assert.Contains("INVITE", response.Headers["Allow"], StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", response.TopVia!.Received);
        Assert.NotNull(response.TopVia.RPort);
    }

    [Fact]
    public async Task Full_call_invite_200_ack_bye()
    {
        var answer = Encoding.UTF8.GetBytes("v=0\r\no=bridge 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n");
        var offer = Encoding.UTF8.GetBytes("v=0\r\no=phone 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6004 RTP/AVP 0\r\n");
        var acked = new TaskCompletionSource<InviteSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        var ended = new TaskCompletionSource<TerminationReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bridge.IncomingCallHandler = async call =>
        {
            call.Session.AckReceived += (s, _) => acked.TrySetResult(s);
            call.Session.Terminated += (_, reason) => ended.TrySetResult(reason);
            await call.RingAsync();
            await call.AcceptAsync(answer);
        };

        var result = await _phone.CallAsync(BridgeUri(), SipUri.Parse("sip:alice@127.0.0.1"), offer, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, result.StatusCode);
        var outgoing = Assert.IsType<InviteSession>(result.Session);
        Assert.Equal(InviteSessionState.Confirmed, outgoing.State);
        Assert.Equal(answer, outgoing.RemoteSdp.ToArray());
        var incoming = await acked.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(InviteSessionState.Confirmed, incoming.State);
        Assert.Equal(offer, incoming.RemoteSdp.ToArray());
        Assert.Equal(outgoing.CallId, incoming.CallId);

        await outgoing.HangupAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TerminationReason.RemoteBye, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(TerminationReason.LocalBye, outgoing.EndReason);
        Assert.Empty(_bridge.Sessions);
        Assert.Empty(_phone.Sessions);
    }

    [Fact]
    public async Task Shutdown_hangs_up_every_session()
    {
        var answer = Encoding.UTF8.GetBytes("v=0\r\n");
        var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bridge.IncomingCallHandler = async call =>
        {
            call.Session.AckReceived += (_, _) => acked.TrySetResult();
            await call.AcceptAsync(answer);
        };
        var result = await _phone.CallAsync(BridgeUri(), SipUri.Parse("sip:alice@127.0.0.1"), answer, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));
        var ended = new TaskCompletionSource<TerminationReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        result.Session!.Terminated += (_, reason) => ended.TrySetResult(reason);
        await acked.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await _bridge.ShutdownAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TerminationReason.RemoteBye, await ended.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(_bridge.Sessions);
    }

    [Fact]
    public async Task Wildcard_bind_puts_the_real_local_address_in_Contact()
    {
        await using var wildcard = await Endpoints.StartAsync(new SipEndpointOptions { Udp = new IPEndPoint(IPAddress.Any, 0) });
        wildcard.IncomingCallHandler = call => call.AcceptAsync(Encoding.UTF8.GetBytes("v=0\r\n"));
        var uri = SipUri.Parse("sip:4711@127.0.0.1:" + Endpoints.Bound(wildcard, SipTransportNames.Udp).Port);

        var result = await _phone.CallAsync(uri, SipUri.Parse("sip:alice@127.0.0.1"), Encoding.UTF8.GetBytes("v=0\r\n"), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("127.0.0.1", result.Session!.Dialog.RemoteTarget.Host); // the 2xx Contact, not 0.0.0.0
        await result.Session.HangupAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Options_over_ipv6_loopback()
    {
        await using var bridge6 = await Endpoints.StartAsync(new SipEndpointOptions { Udp = new IPEndPoint(IPAddress.IPv6Loopback, 0) });
        await using var phone6 = await Endpoints.StartAsync(new SipEndpointOptions { Udp = new IPEndPoint(IPAddress.IPv6Loopback, 0) });
        var uri = SipUri.Parse("sip:4711@[::1]:" + Endpoints.Bound(bridge6, SipTransportNames.Udp).Port);

        var response = await phone6.SendOptionsAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, response?.StatusCode);
        Assert.Equal("::1", response!.TopVia!.Host);
    }

    [Fact]
    public async Task Rejected_call_reports_the_status()
    {
        _bridge.IncomingCallHandler = call => call.RejectAsync(486, "Busy Here");

        var result = await _phone.CallAsync(BridgeUri(), SipUri.Parse("sip:alice@127.0.0.1"), Encoding.UTF8.GetBytes("v=0\r\n"), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(486, result.StatusCode);
        Assert.False(result.IsAnswered);
    }

    [Fact]
    public async Task Caller_cancel_reaches_the_bridge_and_the_call_ends_487()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bridge.IncomingCallHandler = async call =>
        {
            call.Cancelled.Register(() => cancelled.TrySetResult());
            await call.RingAsync();
        };
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var result = await _phone.CallAsync(BridgeUri(), SipUri.Parse("sip:alice@127.0.0.1"), Encoding.UTF8.GetBytes("v=0\r\n"), cts.Token)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(487, result.StatusCode);
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Malformed_request_gets_400_with_the_reason_and_oversized_datagrams_are_dropped()
    {
        await using var small = await Endpoints.StartAsync(new SipEndpointOptions
        {
            Udp = Endpoints.Any,
            ParserLimits = new Bridge.Sip.Parsing.SipParserLimits(MaxMessageSize: 2000),
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        var target = Endpoints.Bound(small, SipTransportNames.Udp);
        var head =
            "OPTIONS sip:4711@127.0.0.1 SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch=z9hG4bK-bad\r\n" +
            "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:4711@127.0.0.1>\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n";
        var oversized = head + "Call-ID: big-1\r\nX-Pad: " + new string('x', 2500) + "\r\nContent-Length: 0\r\n\r\n";
        var bad = head + "Call-ID: bad-1\r\nContent-Length: 999\r\n\r\n";

        await socket.SendToAsync(Encoding.ASCII.GetBytes(oversized), target); // over the limit: dropped unanswered
        await socket.SendToAsync(Encoding.ASCII.GetBytes(bad), target);
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        var text = Encoding.ASCII.GetString(buffer, 0, received);
        Assert.StartsWith("SIP/2.0 400 ", text, StringComparison.Ordinal);
        Assert.Contains("Call-ID: bad-1", text, StringComparison.Ordinal);
    }
}
