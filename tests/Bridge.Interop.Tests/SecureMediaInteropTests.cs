using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>A bridge with a real certificate chain for SIP over TLS, and the security dial plan.</summary>
public sealed class SecureBridgeFixture : IAsyncLifetime
{
    public const int SipPort = 19060;
    public const int RtpLow = 48000;
    public const int RtpHigh = 48999;

    public BridgeProcess Bridge { get; private set; } = null!;

    public TestCertificates Certificates { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Certificates = TestCertificates.Create(Directory.CreateTempSubdirectory("certs-").FullName);
        Bridge = await BridgeProcess.StartAsync(SipPort, RtpLow, RtpHigh,
        [
            $"--Bridge:Tls:Certificate={Certificates.ServerPem}",
            $"--Bridge:Tls:Key={Certificates.ServerKey}",
            $"--Bridge:DialPlans={SecurityDialPlan.Write()}",
        ]);
    }

    public async Task DisposeAsync() => await Bridge.DisposeAsync();
}

/// <summary>
/// Issue #5: SRTP over SIP TLS with real phones; the wire carries no plain audio; a plain offer to a
/// secure room is refused with 488.
/// </summary>
public sealed class SecureMediaInteropTests(SecureBridgeFixture fixture) : IClassFixture<SecureBridgeFixture>
{
    /// <summary>A listening window, not a wait for an event: how long the callers stay in the room once all have
    /// joined; the recordings' last 4–4.5 s are measured.</summary>
    private static readonly TimeSpan InRoom = TimeSpan.FromSeconds(6);

    private Task JoinAsync(Baresip phone, int sipPort) => SecureRoom.JoinAsync(fixture.Bridge, SecureBridgeFixture.SipPort, phone, sipPort);

    [Fact]
    public async Task Baresip_with_SDES_SRTP_over_TLS_enters_the_PIN_and_hears_the_room_and_the_wire_carries_no_plain_tone()
    {
        double[] tones = [440, 1000];
        var phones = new List<Baresip>();
        var capture = await RtpCapture.StartAsync(SecureBridgeFixture.RtpLow, SecureBridgeFixture.RtpHigh, TimeSpan.FromSeconds(26));
        try
        {
            for (var i = 0; i < tones.Length; i++)
            {
                var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, $"tone{tones[i]}.wav");
                WavFiles.Write(source, TestTones.Sine(tones[i], 8000, 8000 * 60, amplitude: 8000), 8000);
                var phone = await Baresip.StartAsync(19100 + i * 2, 4800 + i, 29000 + i * 100, source,
                    ";audio_codecs=PCMU/8000/1;mediaenc=srtp-mand",
                    $"sip_certificate {fixture.Certificates.ServerPemWithKey}\nsip_cafile {fixture.Certificates.CaPem}");
                phones.Add(phone);
                await JoinAsync(phone, 19100 + i * 2);
            }

            await Task.Delay(InRoom);
            foreach (var phone in phones)
            {
                await phone.HangupAsync();
                Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));
            }

            await capture.StopAsync();
            for (var i = 0; i < phones.Count; i++)
            {
                Assert.Contains(phones[i].Events, e => e.Contains("CALL_MENC", StringComparison.Ordinal) || e.Contains("srtp", StringComparison.OrdinalIgnoreCase));
                var (pcm, rate) = WavFiles.Read(await phones[i].WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
                var end = pcm.Length / (double)rate;
                var other = tones[1 - i];
                var heard = ToneAnalysis.Level(pcm, rate, end - 5, end - 1, other);
                var own = ToneAnalysis.Level(pcm, rate, end - 5, end - 1, tones[i]);
                Assert.True(heard > -35, $"phone {tones[i]} Hz does not hear {other} Hz over SRTP: {heard:F1} dBFS");
                Assert.True(heard - own >= 20, $"phone {tones[i]} Hz hears itself: {own:F1} vs {heard:F1} dBFS");
            }

            // Only the phones' own flows (baresip's RTP ports 29000–29199): the capture's port range lies inside the
            // kernel's ephemeral range, where any other process's datagrams may show up.
            var ours = UdpPcap.Read(capture.Path).Where(d => d.SourcePort is >= 29000 and < 29200 || d.DestinationPort is >= 29000 and < 29200);
            var (packets, plain) = RtpCapture.Analyse(ours, tones);
            Assert.True(packets > 500, $"the capture holds only {packets} RTP packets: it cannot show anything");
            Assert.Equal(0, plain);
            Assert.Contains("SRTP True", fixture.Bridge.ReadLog(), StringComparison.Ordinal);
        }
        finally
        {
            await capture.DisposeAsync();
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Linphone_with_SRTP_over_TLS_enters_the_PIN_and_hears_the_room()
    {
        var tone = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone1000.wav");
        WavFiles.Write(tone, TestTones.Sine(1000, 8000, 8000 * 60, amplitude: 8000), 8000);
        var quiet = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone440.wav");
        WavFiles.Write(quiet, TestTones.Sine(440, 8000, 8000 * 60, amplitude: 8000), 8000);
        await using var member = await Baresip.StartAsync(19110, 4810, 29300, tone, ";audio_codecs=PCMU/8000/1;mediaenc=srtp-mand",
            $"sip_certificate {fixture.Certificates.ServerPemWithKey}\nsip_cafile {fixture.Certificates.CaPem}");
        await JoinAsync(member, 19110);

        await using var linphone = await Linphone.StartAsync(19300, 29600, quiet, useInfo: false, tlsRootCa: fixture.Certificates.CaPem);
        var logBefore = fixture.Bridge.ReadLog().Length;
        await linphone.CallAsync($"sip:74713@127.0.0.1:{SecureBridgeFixture.SipPort + 1};transport=tls");
        Assert.True(await linphone.WaitForOutputAsync("connected", TimeSpan.FromSeconds(20)), "linphone over TLS not connected:\n" + linphone.Console);
        var callId = await fixture.Bridge.WaitForCallStartAsync("300", TimeSpan.FromSeconds(10), logBefore);
        await fixture.Bridge.WaitForPinPromptAsync(callId, "4713", TimeSpan.FromSeconds(10));
        var pinSentAt = DateTime.UtcNow;
        await linphone.SendDigitsAsync("246810#");
        await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(15), "linphone over TLS joining room 4713 with its RFC 4733 PIN", $"Call {callId} joined room 4713");
        await Task.Delay(InRoom);
        await linphone.TerminateAsync();
        Assert.True(await linphone.WaitForOutputAsync("ended", TimeSpan.FromSeconds(10)), "linphone did not end its call:\n" + linphone.Console);
        var recording = await linphone.WaitForRecordingAsync(TimeSpan.FromSeconds(10));
        await member.HangupAsync();

        var log = fixture.Bridge.ReadLog()[logBefore..];
        Assert.Contains("via TLS:", log, StringComparison.Ordinal);
        Assert.Contains("SRTP True", log, StringComparison.Ordinal);
        Assert.Contains("joined room 4713", log, StringComparison.Ordinal);
        var (pcm, rate) = WavFiles.Read(recording);
        var end = pcm.Length / (double)rate;
        Assert.True(ToneAnalysis.ToneBlocks(pcm, rate, end - 5, end - 0.5, 1000) >= 10,
            $"linphone does not hear the room's 1 kHz over SRTP (recording {end:F1} s, PIN sent {pinSentAt:HH:mm:ss})");
    }

    [Fact]
    public void The_capture_check_finds_a_plain_G711_tone()
    {
        var pcap = Path.Combine(Directory.CreateTempSubdirectory("pcap-").FullName, "plain.pcap");
        BridgeFixture.WritePcmuTone(pcap, 1000, TimeSpan.FromSeconds(1));

        var (packets, plain) = RtpCapture.Analyse(pcap, 440, 1000);

        Assert.Equal(50, packets);
        Assert.Equal(49, plain); // every packet after the first continues the tone
    }

    [Fact]
    public async Task A_plain_RTP_offer_to_a_secure_room_gets_488()
    {
        var run = await Sipp.RunAsync("uac_expect_488.xml", $"127.0.0.1:{SecureBridgeFixture.SipPort}", "74713",
            calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(20));

        Assert.True(run.ExitCode == 0, "expected 488 for plain media to a secure room:\n" + run.Output);
    }
}
