using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>Issue #2: the SIP core against sipp, Kamailio and sipsak, over real loopback sockets.</summary>
[Collection(BridgeCollection.Name)]
public sealed class SignallingInteropTests(BridgeFixture fixture)
{
    private Dictionary<string, string> Pcap => new() { ["[pcap]"] = fixture.PcmuTonePcap };

    [Fact]
    public async Task Sipp_places_500_calls_at_50_per_second_without_a_failure()
    {
        var run = await Sipp.RunAsync("uac_pcmu_call.xml", $"127.0.0.1:{BridgeFixture.SipPort}", "4711",
            calls: 500, rate: 50, limit: 300, TimeSpan.FromSeconds(120), Pcap);

        Assert.True(run.ExitCode == 0, "sipp reported failed calls:\n" + run.Output);
        Assert.Equal(500, run.Successful);
        Assert.Equal(0, run.Failed);
        Assert.Equal(0, run.Unexpected);
        Assert.True(await fixture.Bridge.AnswersOptionsAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task The_same_calls_pass_through_a_record_routing_Kamailio()
    {
        await using var proxy = await Kamailio.StartAsync(15070, BridgeFixture.SipPort);

        var run = await Sipp.RunAsync("uac_pcmu_call.xml", $"127.0.0.1:{proxy.Port}", "4711",
            calls: 500, rate: 50, limit: 300, TimeSpan.FromSeconds(120), Pcap);

        Assert.True(run.ExitCode == 0, "sipp through kamailio reported failed calls:\n" + run.Output);
        Assert.Equal(500, run.Successful);
        Assert.Equal(0, run.Unexpected);
    }

    [Fact]
    public async Task Cancel_before_answer_gets_487()
    {
        // A second bridge that rings for 10 s before it answers, as some PBX set-ups want.
        await using var ringing = await BridgeProcess.StartAsync(15160, 42000, 42099, ["--Bridge:Calls:AnswerDelayMs=10000"]);

        var run = await Sipp.RunAsync("uac_cancel.xml", "127.0.0.1:15160", "4711",
            calls: 5, rate: 5, limit: 5, TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, "CANCEL scenario failed:\n" + run.Output);
        Assert.Equal(5, run.Successful);
    }

    [Fact]
    public async Task A_burst_of_1000_malformed_datagrams_leaves_the_service_answering_OPTIONS()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, BridgeFixture.SipPort);
        var random = new Random(4475);
        var valid = Encoding.ASCII.GetBytes(
            "INVITE sip:4711@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKx\r\nFrom: <sip:a@b>;tag=1\r\n" +
            "To: <sip:4711@127.0.0.1>\r\nCall-ID: junk\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
        for (var i = 0; i < 1000; i++)
        {
            byte[] datagram;
            switch (i % 4)
            {
                case 0:
                    datagram = new byte[random.Next(1, 1400)];
                    random.NextBytes(datagram);
                    break;
                case 1:
                    datagram = (byte[])valid.Clone();
                    for (var k = 0; k < 8; k++)
                    {
                        datagram[random.Next(datagram.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 2:
                    datagram = Encoding.ASCII.GetBytes("INVITE sip:4711@127.0.0.1 SIP/2.0\r\nContent-Length: 99999\r\n\r\n");
                    break;
                default:
                    datagram = valid[..random.Next(1, valid.Length)];
                    break;
            }

            await socket.SendAsync(datagram, target);
        }

        var sipsak = PeerTool.Require("sipsak");
        var result = await ProcessRunner.RunAsync(sipsak,
            ["-s", $"sip:bridge@127.0.0.1:{BridgeFixture.SipPort}", "-H", "127.0.0.1", "-v"], TimeSpan.FromSeconds(20));
        Assert.True(result.ExitCode == 0, "sipsak OPTIONS after the burst failed:\n" + result.Output);
        Assert.Contains("200", result.Output, StringComparison.Ordinal);
        Assert.False(fixture.Bridge.HasExited);
    }
}
