using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>sipp scenarios for re-INVITE and UPDATE against the echo test; the test owns the call's RTP ports.</summary>
public sealed partial class ReInviteInteropTests
{
    private sealed record MediaRun(Sipp.Run Sipp, RtpTestEndpoint First, RtpTestEndpoint Second, double Ended);

    [Fact]
    public async Task A_reINVITE_to_a_new_port_moves_the_media_there()
    {
        var run = await RunWithMediaAsync("uac_reinvite_new_port.xml", stopFirstAfter: 2.5);
        await using var first = run.First;
        await using var second = run.Second;
        AssertMovedToSecondPort(run);
        await fixture.Bridge.AssertLoggedAsync("media moved to port " + second.Port.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_reINVITE_without_SDP_gets_an_offer_and_the_answer_in_the_ACK_moves_the_media()
    {
        var run = await RunWithMediaAsync("uac_reinvite_no_sdp.xml", stopFirstAfter: 2.5);
        await using var first = run.First;
        await using var second = run.Second;
        AssertMovedToSecondPort(run);
    }

    [Fact]
    public async Task A_reINVITE_with_PCMA_only_switches_both_directions_cleanly()
    {
        var run = await RunWithMediaAsync("uac_reinvite_codec.xml", stopFirstAfter: null, switchToPcma: true);
        await using var first = run.First;
        await using var second = run.Second;
        Assert.True(run.Sipp.ExitCode == 0, "sipp codec-change call failed:\n" + run.Sipp.Output);

        var received = first.Received;
        var firstPcma = received.FirstOrDefault(p => p.PayloadType == 8);
        Assert.NotNull(firstPcma);
        Assert.True(received.Count(p => p.PayloadType == 0 && p.At < firstPcma.At) >= 100, "too little PCMU before the change");
        // The mixer thread switches the payload type at a tick boundary: no PCMU packet after the first PCMA one.
        var late = received.Count(p => p.PayloadType == 0 && p.At > firstPcma.At);
        Assert.True(late == 0, $"{late} PCMU packets after the switch to PCMA");
        // The echo of our own PCMA tone comes back as PCMA: the bridge decodes and encodes the new codec.
        var echo = received.Where(p => p.PayloadType == 8 && p.At > run.Ended - 2 && p.At < run.Ended - 0.3).ToList();
        Assert.True(echo.Count >= 50 && echo.Count(p => p.HasTone) >= echo.Count * 8 / 10, $"PCMA echo: {echo.Count(p => p.HasTone)} of {echo.Count} packets carry the tone");
        await fixture.Bridge.AssertLoggedAsync("codec changed to PCMA");
    }

    [Fact]
    public async Task Port_zero_stops_the_media_and_the_call_stays_up()
    {
        // The first offer names a test-owned RTCP port (a=rtcp, RFC 3605), to see the bridge's RTCP there.
        var clock = Stopwatch.StartNew();
        using var rtcp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var rtcpArrivals = new List<double>();
        var sink = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await rtcp.ReceiveAsync();
                    lock (rtcpArrivals)
                    {
                        rtcpArrivals.Add(clock.Elapsed.TotalSeconds);
                    }
                }
            }
            catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
            {
                // closed
            }
        });
        var logBefore = fixture.Bridge.ReadLog().Length;
        var run = await RunWithMediaAsync("uac_reinvite_port0.xml", stopFirstAfter: null, clock: clock,
            extra: new Dictionary<string, string> { ["RTCP_PORT_1"] = ((IPEndPoint)rtcp.Client.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture) });
        await using var first = run.First;
        await using var second = run.Second;

        // sipp checked the answer has port 0, and its BYE 4 s later got 200 (a bridge BYE in between fails the scenario).
        Assert.True(run.Sipp.ExitCode == 0, "sipp port-0 call failed:\n" + run.Sipp.Output);
        var received = first.Received;
        Assert.True(received.Count >= 100, "too little media before the stream was disabled");
        var silentFor = run.Ended - received[^1].At;
        Assert.True(silentFor >= 3, $"media went on until {silentFor:F1} s before the BYE; the stream was disabled 4 s before it");
        await fixture.Bridge.AssertLoggedAsync("audio stream disabled (port 0)");

        // RTCP goes with the stream (RFC 3264 §8.2): reports before, none after, and no RTCP BYE when the call's media is
        // closed (which follows its media summary line; the grace covers the datagram's way over loopback).
        await fixture.Bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(5), "the call's media summary", logBefore, " media: received ");
        await Task.Delay(300);
        rtcp.Close();
        await sink;
        var disabledAt = received[^1].At;
        Assert.True(rtcpArrivals.Count(t => t < disabledAt) >= 1, "no RTCP report from the bridge before the stream was disabled (the control)");
        var after = rtcpArrivals.Where(t => t > disabledAt + 0.3).ToList();
        Assert.True(after.Count == 0, $"{after.Count} RTCP datagrams after the stream was disabled at {disabledAt:F1} s: at {string.Join(' ', after.Select(t => t.ToString("F1", CultureInfo.InvariantCulture)))} s (call ended at {run.Ended:F1} s)");
    }

    [Fact]
    public async Task UPDATE_holds_with_inactive_and_resumes()
    {
        var run = await RunWithMediaAsync("uac_update_hold.xml", stopFirstAfter: null);
        await using var first = run.First;
        await using var second = run.Second;

        Assert.True(run.Sipp.ExitCode == 0, "sipp UPDATE call failed:\n" + run.Sipp.Output);
        // Timeline: UPDATE inactive ~4 s after the start, resume 3 s later, BYE 3 s after that.
        var received = first.Received;
        var gaps = received.Zip(received.Skip(1), (a, b) => b.At - a.At).ToList();
        Assert.True(gaps.Count > 0 && gaps.Max() >= 2.5, $"no pause in the media during the hold (longest gap {(gaps.Count > 0 ? gaps.Max() : 0):F2} s)");
        Assert.True(received.Count(p => p.At > run.Ended - 2.5) >= 50, "no media after the resume");
    }

    private static void AssertMovedToSecondPort(MediaRun run)
    {
        Assert.True(run.Sipp.ExitCode == 0, "sipp call failed:\n" + run.Sipp.Output);
        var atFirst = run.First.Received;
        var atSecond = run.Second.Received;
        Assert.True(atSecond.Count > 0, "nothing arrived at the new port");
        var moved = atSecond[0].At;
        Assert.True(atFirst.Count(p => p.At < moved) >= 50, "too little media at the first port before the move");
        // Judged by the bridge's own RTP sequence numbers (one session before and after the move), not by arrival times: a
        // receive loop of this test starved for a moment on a busy machine stamps packets that left before the move late.
        var firstMoved = Sequence(atSecond[0]);
        var stale = atFirst.Count(p => (short)(Sequence(p) - firstMoved) > 0);
        Assert.True(stale <= 2, $"{stale} packets still went to the old port after the move (sequence numbers after {firstMoved})");
        var after = atSecond.Where(p => p.At < run.Ended - 0.3).ToList();
        Assert.True(after.Count >= 100, $"only {after.Count} packets at the new port");
        // Our tone, sent from the new port, comes back from the echo test: the bridge also receives there.
        var echoed = after.Count(p => p.HasTone && p.At > moved + 1.5);
        Assert.True(echoed >= 40, $"only {echoed} echoed tone packets at the new port");
    }

    private static ushort Sequence(RtpTestEndpoint.Packet packet) => (ushort)((packet.Data[2] << 8) | packet.Data[3]);

    /// <summary>
    /// Runs a scenario with the call's media at two test-owned ports (RTP_PORT_1 first, RTP_PORT_2 after a move). The first
    /// port stops sending <paramref name="stopFirstAfter"/> seconds after its first packet (a phone moving its media stops the
    /// old port before it re-offers); with <paramref name="switchToPcma"/> it sends PCMA once the bridge does.
    /// </summary>
    private static async Task<MediaRun> RunWithMediaAsync(string scenario, double? stopFirstAfter, bool switchToPcma = false,
        Stopwatch? clock = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        clock ??= Stopwatch.StartNew();
        var first = new RtpTestEndpoint(clock, (ReInviteBridgeFixture.RtpLow, ReInviteBridgeFixture.RtpHigh));
        var second = new RtpTestEndpoint(clock, (ReInviteBridgeFixture.RtpLow, ReInviteBridgeFixture.RtpHigh));
        second.Sending = true;
        var replacements = new Dictionary<string, string>
        {
            ["RTP_PORT_1"] = first.Port.ToString(CultureInfo.InvariantCulture),
            ["RTP_PORT_2"] = second.Port.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            replacements[key] = value;
        }

        var sipp = Sipp.RunAsync(scenario, $"127.0.0.1:{ReInviteBridgeFixture.SipPort}", "echo", 1, 1, 1, TimeSpan.FromSeconds(40), replacements);
        while (!sipp.IsCompleted)
        {
            var received = first.Received;
            if (stopFirstAfter is { } stop && received.Count > 0 && clock.Elapsed.TotalSeconds - received[0].At > stop)
            {
                first.Sending = false;
            }

            if (switchToPcma && received.Any(p => p.PayloadType == 8))
            {
                first.SendPayloadType = 8;
            }

            await Task.WhenAny(sipp, Task.Delay(20));
        }

        var run = await sipp;
        return new MediaRun(run, first, second, clock.Elapsed.TotalSeconds);
    }
}
