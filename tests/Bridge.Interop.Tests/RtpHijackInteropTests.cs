using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;
using NAudio.Codecs;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #8, "RTP bleed": a real call in a room (sipp, plain RTP, hearing a baresip phone's 440 Hz tone) while a stranger
/// sends bursts of five RTP packets to the call's media port (read from the bridge's SDP answer) between the phone's
/// packets. Before the fix the bridge moved the call's media to the stranger; now the stranger receives nothing and the
/// phone keeps hearing the room throughout the attack (checked on the wire with tshark).
/// </summary>
public sealed class RtpHijackInteropTests
{
    private const int SipPort = 19560;
    private const int RtpLow = 49800;
    private const int RtpHigh = 49849;
    private const string Pin = "2,4,6,8,1,0,pound";
    private static readonly TimeSpan Attack = TimeSpan.FromSeconds(4);

    /// <summary>How long the phone stays after its PIN: it joins ~0.2 s after its '#', the attack starts 0.5 s after the
    /// join and ends 4 s later, so 11 s leaves it in the room ~6 s past the attack (was 16 s, with the digits 2.2 s later).</summary>
    private const string PhoneHoldMs = "11000";

    [SkippableFact]
    public async Task A_stranger_spraying_RTP_at_a_calls_port_gets_no_room_audio_and_the_phone_keeps_it()
    {
        await using var bridge = await BridgeProcess.StartAsync(SipPort, RtpLow, RtpHigh, [$"--Bridge:DialPlans={SecurityDialPlan.Write()}"]);
        var capture = await RtpCapture.StartAsync(RtpLow, RtpHigh, TimeSpan.FromSeconds(45));

        // The room: a baresip phone playing 440 Hz.
        var work = Directory.CreateTempSubdirectory("hijack-").FullName;
        var tone440 = Path.Combine(work, "tone440.wav");
        WavFiles.Write(tone440, TestTones.Sine(440, 8000, 8000 * 60, amplitude: 8000), 8000);
        await using var member = await Baresip.StartAsync(19580, 4960, 29900, tone440, ";audio_codecs=PCMU/8000/1");
        await member.DialAsync($"sip:74711@127.0.0.1:{SipPort}");
        Assert.True(await member.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "the room member's call was not established");
        var memberCall = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(19580), TimeSpan.FromSeconds(10));
        await bridge.WaitForPinPromptAsync(memberCall, "4711", TimeSpan.FromSeconds(10)); // digits barge into the prompt
        await member.SendDigitsAsync("246810#");
        Assert.True(await WaitForLogAsync(bridge, "joined room 4711", 1, TimeSpan.FromSeconds(20)), "the room member did not join");

        // The phone under attack: sipp, which reports the port of the bridge's answer and plays a 1 kHz tone.
        var portFile = Path.Combine(work, "bridge-media-port");
        var tonePcap = Path.Combine(work, "pcmu-1khz-20s.pcap");
        BridgeFixture.WritePcmuTone(tonePcap, 1000, TimeSpan.FromSeconds(20));
        var digits = PinLockoutInteropTests.DigitActions(Pin, PinLockoutInteropTests.BargeInPauseMs);
        var phone = Sipp.RunAsync("uac_room_call_media_port.xml", $"127.0.0.1:{SipPort}", "74711", calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["FROMUSER"] = "victim01", ["DIGITS"] = digits, ["TONEPCAP"] = tonePcap, ["PORTFILE"] = portFile, ["HOLDMS"] = PhoneHoldMs });

        var bridgePort = await ReadPortAsync(portFile, phone, TimeSpan.FromSeconds(20));
        Assert.InRange(bridgePort, RtpLow, RtpHigh);
        Assert.True(await WaitForLogAsync(bridge, "joined room 4711", 2, TimeSpan.FromSeconds(20)), "the phone under attack did not join");
        await Task.Delay(500); // its 1 kHz stream is flowing now

        // The attack: bursts of five RTP packets (another SSRC, plausible sequence numbers) every 30 ms, i.e. between
        // two of the phone's 20 ms packets; the stranger listens for anything the bridge sends it.
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var strangerPort = ((IPEndPoint)stranger.Client.LocalEndPoint!).Port;
        var target = new IPEndPoint(IPAddress.Loopback, bridgePort);
        var attackStart = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        ushort sequence = 1;
        var bursts = 0;
        while (clock.Elapsed < Attack)
        {
            for (var i = 0; i < 5; i++)
            {
                await stranger.SendAsync(RtpPacket(sequence++), target);
            }

            bursts++;
            await Task.Delay(30);
        }

        var attackEnd = DateTimeOffset.UtcNow;
        await Task.Delay(1000);
        var strangerReceived = 0;
        while (stranger.Available > 0)
        {
            await stranger.ReceiveAsync();
            strangerReceived++;
        }

        var run = await phone;
        Assert.True(run.ExitCode == 0, "the phone's call failed:\n" + run.Output);
        await member.HangupAsync();
        await capture.StopAsync();

        Assert.Equal(0, strangerReceived);
        Skip.If(bursts < 20, $"not judged: only {bursts} bursts were sent in {Attack.TotalSeconds} s, the machine is too loaded to attack");

        // On the wire: what the bridge sent from the call's port went only to the phone, and kept going during the attack.
        var fromCall = UdpPcap.Read(capture.Path).Where(d => d.SourcePort == bridgePort && UdpPcap.IsRtp(d.Payload)).ToList();
        Assert.DoesNotContain(fromCall, d => d.DestinationPort == strangerPort);
        var phonePort = Assert.Single(fromCall.Select(d => d.DestinationPort).Distinct());
        var during = fromCall.Where(d => d.At >= attackStart && d.At <= attackEnd).ToList();
        Assert.True(during.Count >= Attack.TotalMilliseconds / 20 * 0.8, $"the phone (port {phonePort}) got {during.Count} packets during the {Attack.TotalSeconds} s attack");
        var heard = Decode(during);
        var level = Goertzel.LevelDbfs(heard, 440, 8000);
        Assert.True(level > -35, $"the phone did not hear the room's 440 Hz during the attack: {level:F1} dBFS");

        var log = bridge.ReadLog();
        Assert.Contains($"SECURITY rtp-foreign-source source=127.0.0.1 port={strangerPort}", log, StringComparison.Ordinal);
    }

    private static byte[] RtpPacket(ushort sequence)
    {
        var packet = new byte[12 + 160];
        packet[0] = 0x80;
        packet[1] = 0; // PCMU
        packet[2] = (byte)(sequence >> 8);
        packet[3] = (byte)sequence;
        var timestamp = sequence * 160u;
        packet[4] = (byte)(timestamp >> 24);
        packet[5] = (byte)(timestamp >> 16);
        packet[6] = (byte)(timestamp >> 8);
        packet[7] = (byte)timestamp;
        packet[8] = 0x0B;
        packet[9] = 0xAD;
        packet[10] = 0xF0;
        packet[11] = 0x0D;
        packet.AsSpan(12).Fill(0xFF); // μ-law silence
        return packet;
    }

    private static short[] Decode(IEnumerable<UdpPcap.Datagram> packets) =>
        packets.SelectMany(p => p.Payload.Skip(12 + (p.Payload[0] & 0x0F) * 4)).Select(MuLawDecoder.MuLawToLinearSample).ToArray();

    private static async Task<int> ReadPortAsync(string portFile, Task<Sipp.Run> phone, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (File.Exists(portFile) && int.TryParse((await File.ReadAllTextAsync(portFile)).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }

            if (phone.IsCompleted)
            {
                Assert.Fail("sipp ended before the call was answered:\n" + (await phone).Output);
            }

            await Task.Delay(100);
        }

        Assert.Fail("sipp did not report the bridge's media port");
        return 0;
    }

    private static async Task<bool> WaitForLogAsync(BridgeProcess bridge, string text, int count, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (bridge.ReadLog().Split('\n').Count(l => l.Contains(text, StringComparison.Ordinal)) >= count)
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
