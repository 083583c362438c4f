using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridge.Sip.Security;
using Bridge.Sip.Stack;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bridge.Sip.Tests.Security;

/// <summary>The guard in front of a real endpoint over loopback UDP: what a flooder and a scanner actually get back.</summary>
public sealed class SipEndpointGuardTests
{
    private static async Task<SipEndpoint> StartAsync(SipGuardOptions guard)
    {
        var endpoint = new SipEndpoint(
            new SipEndpointOptions { Udp = new IPEndPoint(IPAddress.Loopback, 0), Guard = guard },
            TimeProvider.System,
            NullLoggerFactory.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        return endpoint;
    }

    private static byte[] Options(int localPort, string branch, string? userAgent = null) => Encoding.ASCII.GetBytes(
        "OPTIONS sip:bridge@127.0.0.1 SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.1:{localPort};branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:probe@127.0.0.1>;tag=f{branch}\r\n" +
        "To: <sip:bridge@127.0.0.1>\r\n" +
        $"Call-ID: {branch}@probe\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        (userAgent is null ? "" : $"User-Agent: {userAgent}\r\n") +
        "Content-Length: 0\r\n\r\n");

    private static async Task<int> CountAnswersAsync(UdpClient client, TimeSpan wait)
    {
        var count = 0;
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var answer = await client.ReceiveAsync(timeout.Token);
                if (Encoding.ASCII.GetString(answer.Buffer).StartsWith("SIP/2.0 200", StringComparison.Ordinal))
                {
                    count++;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return count;
        }
    }

    [Fact]
    public async Task A_flooding_source_gets_answers_for_its_burst_only_and_others_are_still_served()
    {
        await using var endpoint = await StartAsync(new SipGuardOptions { RequestsPerSecond = 0.01, Burst = 3 });
        var target = endpoint.ListenPoints[0].EndPoint;
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)flooder.Client.LocalEndPoint!).Port;
        for (var i = 0; i < 50; i++)
        {
            await flooder.SendAsync(Options(port, "z9hG4bK-flood" + i), target);
        }

        Assert.Equal(3, await CountAnswersAsync(flooder, TimeSpan.FromSeconds(1.5)));
        Assert.Equal(1, endpoint.GuardStatistics.Bans);
        Assert.Equal(47, endpoint.GuardStatistics.Dropped);

        using var other = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var otherPort = ((IPEndPoint)other.Client.LocalEndPoint!).Port;
        await other.SendAsync(Options(otherPort, "z9hG4bK-other"), target);
        Assert.Equal(1, await CountAnswersAsync(other, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_scanner_gets_no_answer_while_a_phone_does()
    {
        await using var endpoint = await StartAsync(new SipGuardOptions());
        var target = endpoint.ListenPoints[0].EndPoint;
        using var client = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        await client.SendAsync(Options(port, "z9hG4bK-scan", "friendly-scanner"), target);
        Assert.Equal(0, await CountAnswersAsync(client, TimeSpan.FromSeconds(1)));

        await client.SendAsync(Options(port, "z9hG4bK-phone", "baresip v1.0.0"), target);
        Assert.Equal(1, await CountAnswersAsync(client, TimeSpan.FromSeconds(1)));
        Assert.Equal(1, endpoint.GuardStatistics.ScannerDropped);
    }
}
