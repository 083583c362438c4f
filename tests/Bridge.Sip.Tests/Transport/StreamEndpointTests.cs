using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Stack;
using Bridge.Sip.Tests.Support;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Transport;

public sealed class StreamEndpointTests
{
    private static string Options(string callId, int localPort) =>
        "OPTIONS sip:4711@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/TCP 127.0.0.1:{localPort};branch=z9hG4bK-{callId}\r\n" +
        "Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:4711@127.0.0.1>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    private static async Task<string> ReadResponsesAsync(Stream stream, int count)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (CountOf(text.ToString(), "SIP/2.0 200") < count)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public async Task Tcp_frames_two_messages_in_one_segment_and_one_split_over_segments()
    {
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tcp = Endpoints.Any });
        using var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(Endpoints.Bound(bridge, SipTransportNames.Tcp));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(Options("two-a", port) + Options("two-b", port)));
        var both = await ReadResponsesAsync(stream, 2);
        var split = Encoding.ASCII.GetBytes("\r\n\r\n" + Options("split", port));
        await stream.WriteAsync(split.AsMemory(0, 50));
        await stream.FlushAsync();
        await Task.Delay(100);
        await stream.WriteAsync(split.AsMemory(50));
        var third = await ReadResponsesAsync(stream, 1);

        Assert.Contains("Call-ID: two-a", both, StringComparison.Ordinal);
        Assert.Contains("Call-ID: two-b", both, StringComparison.Ordinal);
        Assert.Contains("Call-ID: split", third, StringComparison.Ordinal);
        Assert.StartsWith("\r\n", third, StringComparison.Ordinal); // RFC 5626 pong for the double-CRLF ping
    }

    [Fact]
    public async Task Tcp_message_with_a_body_trickled_in_small_segments_is_framed_and_answered()
    {
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tcp = Endpoints.Any });
        using var client = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(Endpoints.Bound(bridge, SipTransportNames.Tcp));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var stream = client.GetStream();
        var sdp = "v=0\r\n" + string.Concat(Enumerable.Repeat("a=x-pad:" + new string('p', 60) + "\r\n", 60));
        var message = Encoding.ASCII.GetBytes(Options("trickle", port)
            .Replace("Content-Length: 0\r\n", $"Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n", StringComparison.Ordinal) + sdp);

        for (var at = 0; at < message.Length; at += 97)
        {
            await stream.WriteAsync(message.AsMemory(at, Math.Min(97, message.Length - at)));
            await stream.FlushAsync();
            if (at % (97 * 8) == 0)
            {
                await Task.Delay(1); // let the bridge read a segment at a time
            }
        }

        var answer = await ReadResponsesAsync(stream, 1);
        Assert.Contains("Call-ID: trickle", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_request_without_content_length_gets_400_and_the_connection_closes()
    {
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tcp = Endpoints.Any });
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(Endpoints.Bound(bridge, SipTransportNames.Tcp));
        var stream = client.GetStream();
        var noLength = Options("nolen", 1).Replace("Content-Length: 0\r\n", string.Empty, StringComparison.Ordinal);

        await stream.WriteAsync(Encoding.ASCII.GetBytes(noLength));
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("SIP/2.0 400 ", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("Call-ID: nolen", text.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_tcp_connection_is_closed_after_the_idle_timeout()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var timers = new Bridge.TestKit.Timing.TimerWatch(time);
        await using var bridge = new SipEndpoint(
            new SipEndpointOptions { Tcp = Endpoints.Any, TcpIdleTimeout = TimeSpan.FromMinutes(5) },
            timers,
            Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
        await bridge.StartAsync(CancellationToken.None);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(Endpoints.Bound(bridge, SipTransportNames.Tcp));
        await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Options("idle", 1)));
        await ReadResponsesAsync(client.GetStream(), 1);

        // The sender re-arms the idle timer just after its write completes: armed at the connection's start, again after
        // the read of the request and after the write of the answer. Moving the clock before that last arm would leave it
        // due 5 min after the move.
        static bool Idle(TimeSpan due) => due == TimeSpan.FromMinutes(5);
        await timers.WaitForArmedAsync(3, Idle, TimeSpan.FromSeconds(10), "the idle timer armed at the start, after the read and after the write");

        time.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(200);
        Assert.True(client.Client.Poll(0, SelectMode.SelectRead) == false, "closed too early");
        time.Advance(TimeSpan.FromMinutes(2));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await client.GetStream().ReadAsync(new byte[16], timeout.Token);

        Assert.Equal(0, read);
    }

    [Fact]
    public async Task Tcp_connections_over_the_per_source_limit_are_closed()
    {
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tcp = Endpoints.Any, MaxTcpConnectionsPerSource = 1 });
        var target = Endpoints.Bound(bridge, SipTransportNames.Tcp);
        using var first = new TcpClient(AddressFamily.InterNetwork);
        await first.ConnectAsync(target);
        await first.GetStream().WriteAsync(Encoding.ASCII.GetBytes(Options("first", 1)));
        await ReadResponsesAsync(first.GetStream(), 1);
        using var second = new TcpClient(AddressFamily.InterNetwork);
        await second.ConnectAsync(target);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await second.GetStream().ReadAsync(new byte[16], timeout.Token);

        Assert.Equal(0, read); // closed by the bridge
    }

    [Fact]
    public async Task Tcp_options_round_trip_between_endpoints()
    {
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tcp = Endpoints.Any });
        await using var phone = await Endpoints.StartAsync(new SipEndpointOptions { Tcp = Endpoints.Any });
        var uri = SipUri.Parse($"sip:4711@127.0.0.1:{Endpoints.Bound(bridge, SipTransportNames.Tcp).Port};transport=tcp");

        var response = await phone.SendOptionsAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, response?.StatusCode);
    }

    [Fact]
    public async Task Tls_options_round_trip_with_a_self_signed_certificate()
    {
        using var certificate = CreateCertificate();
        var seen = new List<string>();
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tls = Endpoints.Any, TlsCertificate = certificate });
        await using var phone = await Endpoints.StartAsync(new SipEndpointOptions
        {
            Tls = Endpoints.Any,
            TlsCertificate = certificate,
            TlsServerCertificateValidation = (_, cert, _, _) =>
            {
                seen.Add(cert!.Subject);
                return cert.GetCertHashString() == certificate.GetCertHashString();
            },
        });
        var uri = SipUri.Parse($"sip:4711@127.0.0.1:{Endpoints.Bound(bridge, SipTransportNames.Tls).Port};transport=tls");

        var response = await phone.SendOptionsAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(200, response?.StatusCode);
        Assert.Equal("CN=bridge.test", Assert.Single(seen));
    }

    [Fact]
    public async Task Tls_client_rejecting_the_certificate_gets_no_response()
    {
        using var certificate = CreateCertificate();
        await using var bridge = await Endpoints.StartAsync(new SipEndpointOptions { Tls = Endpoints.Any, TlsCertificate = certificate });
        await using var phone = await Endpoints.StartAsync(new SipEndpointOptions
        {
            Tls = Endpoints.Any,
            TlsCertificate = certificate,
            TlsServerCertificateValidation = (_, _, _, _) => false,
        });
        var uri = SipUri.Parse($"sip:4711@127.0.0.1:{Endpoints.Bound(bridge, SipTransportNames.Tls).Port};transport=tls");

        var response = await phone.SendOptionsAsync(uri, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(response); // transport error, reported as null rather than an exception
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bridge.test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
