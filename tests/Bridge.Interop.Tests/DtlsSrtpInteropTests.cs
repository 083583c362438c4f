using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 9: a SIP phone with DTLS-SRTP (baresip <c>mediaenc=dtls_srtp</c>, RFC 5763/5764) over SIP TLS in a
/// <c>media: secure</c> room with an SDES-SRTP phone: each hears the other, and the media ports carry DTLS first and
/// then only SRTP.
/// </summary>
public sealed class DtlsSrtpInteropTests(SecureBridgeFixture fixture) : IClassFixture<SecureBridgeFixture>
{
    /// <summary>A listening window, not a wait for an event: the recordings' last 4 s of it are measured.</summary>
    private static readonly TimeSpan InRoom = TimeSpan.FromSeconds(6);

    private const int DtlsSipPort = 19130;
    private const int DtlsRtpLow = 29700;
    private const int SdesSipPort = 19132;
    private const int SdesRtpLow = 29800;

    [Fact]
    public async Task Baresip_with_DTLS_SRTP_over_TLS_and_an_SDES_phone_hear_each_other_and_the_wire_shows_DTLS_then_only_SRTP()
    {
        var tls = $"sip_certificate {fixture.Certificates.ServerPemWithKey}\nsip_cafile {fixture.Certificates.CaPem}";
        var capture = await RtpCapture.StartAsync(SecureBridgeFixture.RtpLow, SecureBridgeFixture.RtpHigh, TimeSpan.FromSeconds(40));
        var logBefore = fixture.Bridge.ReadLog().Length;
        await using var dtlsPhone = await Baresip.StartAsync(DtlsSipPort, 4830, DtlsRtpLow, Tone(440), ";audio_codecs=PCMU/8000/1;mediaenc=dtls_srtp", tls);
        await using var sdesPhone = await Baresip.StartAsync(SdesSipPort, 4831, SdesRtpLow, Tone(1000), ";audio_codecs=PCMU/8000/1;mediaenc=srtp-mand", tls);
        try
        {
            await SecureRoom.JoinAsync(fixture.Bridge, SecureBridgeFixture.SipPort, dtlsPhone, DtlsSipPort);
            await SecureRoom.JoinAsync(fixture.Bridge, SecureBridgeFixture.SipPort, sdesPhone, SdesSipPort);
            await Task.Delay(InRoom);
            var inCall = fixture.Bridge.ReadLog()[logBefore..];
            foreach (var phone in new[] { dtlsPhone, sdesPhone })
            {
                await phone.HangupAsync();
                Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));
            }

            await capture.StopAsync();

            Assert.Contains("DTLS-SRTP RTP keys ready", inCall, StringComparison.Ordinal);
            Assert.Contains("DTLS-SRTP RTCP keys ready", inCall, StringComparison.Ordinal); // baresip 1.0 offers no rtcp-mux: a second association
            Assert.DoesNotContain("DTLS-SRTP ended the call", fixture.Bridge.ReadLog()[logBefore..], StringComparison.Ordinal);
            Assert.Contains(dtlsPhone.Events, e => e.Contains("CALL_MENC", StringComparison.Ordinal));

            AssertHears(await dtlsPhone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)), heard: 1000, own: 440, "the DTLS-SRTP phone");
            AssertHears(await sdesPhone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)), heard: 440, own: 1000, "the SDES-SRTP phone");

            // Only the flows of this test's phones: the bridge's port range may carry other tests' traffic on this machine.
            var datagrams = UdpPcap.Read(capture.Path).Where(d => IsPhone(d.SourcePort) || IsPhone(d.DestinationPort)).ToList();
            var dtlsFlows = datagrams.Where(d => d.SourcePort is >= DtlsRtpLow and < DtlsRtpLow + 100 || d.DestinationPort is >= DtlsRtpLow and < DtlsRtpLow + 100).ToList();
            var firstHandshakeFromPhone = dtlsFlows.FindIndex(d => IsDtlsHandshake(d.Payload) && d.SourcePort < SecureBridgeFixture.RtpLow);
            var firstHandshakeFromBridge = dtlsFlows.FindIndex(d => IsDtlsHandshake(d.Payload) && d.SourcePort >= SecureBridgeFixture.RtpLow);
            var firstRtp = dtlsFlows.FindIndex(d => UdpPcap.IsRtp(d.Payload));
            var rtpPackets = dtlsFlows.Count(d => UdpPcap.IsRtp(d.Payload));
            Assert.True(firstHandshakeFromPhone >= 0 && firstHandshakeFromBridge >= 0, "no DTLS handshake on the DTLS phone's media ports");
            Assert.True(firstRtp > firstHandshakeFromPhone && firstRtp > firstHandshakeFromBridge,
                $"an RTP-shaped packet (#{firstRtp}) came before the DTLS handshake (phone #{firstHandshakeFromPhone}, bridge #{firstHandshakeFromBridge})");
            Assert.True(rtpPackets > 300, $"the DTLS phone's flows hold only {rtpPackets} RTP-shaped packets: the capture cannot show anything");
            var (packets, plain) = RtpCapture.Analyse(datagrams, 440, 1000);
            Assert.True(packets > 600, $"the capture holds only {packets} RTP packets");
            Assert.Equal(0, plain);
        }
        finally
        {
            await capture.DisposeAsync();
        }
    }

    private static bool IsPhone(int port) => port is >= DtlsRtpLow and < DtlsRtpLow + 100 or >= SdesRtpLow and < SdesRtpLow + 100;

    /// <summary>A DTLS record of content type handshake (22) with a DTLS version (RFC 6347 §4.1).</summary>
    private static bool IsDtlsHandshake(byte[] payload) => payload.Length > 13 && payload[0] == 22 && payload[1] == 0xFE;

    private static string Tone(double frequency)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, $"tone{frequency}.wav");
        WavFiles.Write(path, TestTones.Sine(frequency, 8000, 8000 * 60, amplitude: 8000), 8000);
        return path;
    }

    private static void AssertHears(string recording, double heard, double own, string who)
    {
        var (pcm, rate) = WavFiles.Read(recording);
        var end = pcm.Length / (double)rate;
        var other = ToneAnalysis.Level(pcm, rate, end - 5, end - 1, heard);
        var self = ToneAnalysis.Level(pcm, rate, end - 5, end - 1, own);
        Assert.True(other > -35, $"{who} does not hear {heard} Hz: {other:F1} dBFS");
        Assert.True(other - self >= 20, $"{who} hears itself: {self:F1} vs {other:F1} dBFS");
    }
}
