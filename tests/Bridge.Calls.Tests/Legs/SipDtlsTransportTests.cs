using System.Net;
using System.Net.Sockets;
using Bridge.Calls.Legs;
using Bridge.Calls.Tests.WebRtc;
using Bridge.Rtp;
using Bridge.Sdp;
using Bridge.Sdp.WebRtc;
using Bridge.WebRtc.Dtls;

namespace Bridge.Calls.Tests.Legs;

/// <summary>
/// DTLS-SRTP on a SIP call's own port pair (RFC 5764 §4.1, RFC 7983): a phone made of Bridge.WebRtc's DTLS endpoint on
/// loopback sockets runs the handshakes against the leg's <see cref="SipDtlsTransport"/> and its real <see cref="RtpSession"/>.
/// </summary>
public sealed class SipDtlsTransportTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private static int s_range;

    [Fact]
    public async Task Server_without_rtcp_mux_keys_rtp_and_rtcp_separately_and_drops_media_before_keys()
    {
        await using var phone = new DtlsPhone(rtcpMux: false);
        await using var call = Call.Create(SdpSetupRole.ActPass, phone);

        call.Dtls.Start();
        call.Rtp.Start();

        // Plain RTP before any handshake: dropped by the gate, never delivered.
        Assert.True(await Until(() =>
        {
            phone.SendPlainRtp();
            return call.Dtls.Drops.BeforeKeys >= 1;
        }), "early RTP was not seen by the gate");
        var (rtpKeys, rtcpKeys) = await phone.HandshakeAsync(DtlsRole.Client, call.Certificate.Fingerprint);
        await call.Dtls.Ready.WaitAsync(Limit);
        Assert.True(await Until(() => call.Dtls.HasRtcpKeys), "the RTCP component gave no keys");
        Assert.False(rtpKeys.Receive.MasterKey.AsSpan().SequenceEqual(rtcpKeys!.Receive.MasterKey), "RTCP must have keys of its own (RFC 5764 §4.1)");
        Assert.Equal(0, call.Rtp.GetStatistics().PacketsReceived);

        // Bridge → phone: SRTP only, readable with the phone's keys.
        var payload = Enumerable.Repeat((byte)0x5A, 160).ToArray();
        Assert.True(await Until(() =>
        {
            call.Rtp.SendAudio(payload, 160);
            return phone.Decrypted > 0;
        }), "the phone could not decrypt what the bridge sent");
        Assert.DoesNotContain(phone.Wire, datagram => datagram.AsSpan().IndexOf(payload.AsSpan(0, 32)) >= 0);

        // Phone → bridge: SRTP with the phone's keys is taken.
        Assert.True(await Until(() =>
        {
            phone.SendSrtp(payload);
            return call.Rtp.GetStatistics().PacketsReceived > 0;
        }), "the bridge did not take the phone's SRTP");
        Assert.Equal(0, call.Dtls.Drops.ForeignDtls);
    }

    [Fact]
    public async Task Client_role_with_rtcp_mux_starts_the_handshake_to_the_signalled_address()
    {
        await using var phone = new DtlsPhone(rtcpMux: true);
        await using var call = Call.Create(SdpSetupRole.Passive, phone);
        call.Rtp.Start();
        var handshake = phone.HandshakeAsync(DtlsRole.Server, call.Certificate.Fingerprint);
        call.Dtls.Start();

        await handshake;
        var keys = await call.Dtls.Ready.WaitAsync(Limit);

        Assert.Equal(DtlsRole.Client, call.Dtls.Role);
        Assert.True(call.Dtls.HasRtcpKeys);
        Assert.Equal(Bridge.Rtp.Srtp.SrtpSuite.AesCm128HmacSha1Tag80, keys.Suite);
    }

    [Fact]
    public async Task A_certificate_that_does_not_match_the_fingerprint_fails_the_call()
    {
        await using var phone = new DtlsPhone(rtcpMux: true, presented: DtlsCertificate.Generate());
        await using var call = Call.Create(SdpSetupRole.ActPass, phone);
        var failed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        call.Dtls.Failed += reason => failed.TrySetResult(reason);
        call.Rtp.Start();
        call.Dtls.Start();

        _ = phone.HandshakeAsync(DtlsRole.Client, call.Certificate.Fingerprint);
        var reason = await failed.Task.WaitAsync(Limit);

        Assert.Contains("FingerprintMismatch", reason, StringComparison.Ordinal);
        Assert.False(call.Dtls.HasKeys);
        Assert.True(call.Dtls.Ready.IsCanceled);
    }

    [Fact]
    public async Task Garbage_stun_and_dtls_from_another_source_are_dropped_and_the_handshake_still_succeeds()
    {
        await using var phone = new DtlsPhone(rtcpMux: true);
        await using var call = Call.Create(SdpSetupRole.ActPass, phone);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        call.Rtp.Start();
        call.Dtls.Start();

        byte[] junk = [22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3];
        byte[] stun = [0, 1, 0, 0, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
        phone.SendRaw(stun);
        var (keys, _) = await phone.HandshakeAsync(DtlsRole.Client, call.Certificate.Fingerprint, before: junk);
        await call.Dtls.Ready.WaitAsync(Limit);

        Assert.NotNull(keys);
        Assert.True(await Until(() =>
        {
            stranger.SendTo(junk, call.Rtp.LocalRtpEndPoint);
            return call.Dtls.Drops.ForeignDtls > 0;
        }), "DTLS from another source than the pinned phone was not dropped");
    }

    [Fact]
    public void A_fingerprint_with_an_unknown_hash_is_refused_before_any_handshake()
    {
        var allocator = new RtpPortAllocator(40000 + (Interlocked.Increment(ref s_range) % 20 * 50), 40049 + (s_range % 20 * 50));
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), TimeProvider.System, out var rtp));
        using (rtp)
        {
            var audio = Call.Audio(SdpSetupRole.ActPass, true, new SdpFingerprint("sha-512", new byte[64]), new IPEndPoint(IPAddress.Loopback, 9999));
            Assert.False(SipDtlsTransport.TryCreate("c1", rtp, audio, DtlsCertificate.Generate(), new ListLoggerFactory().CreateLogger("t"), out var transport, out var reason));
            Assert.Null(transport);
            Assert.Contains("sha-256", reason, StringComparison.Ordinal);
        }
    }

    private static async Task<bool> Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }

    /// <summary>The bridge's side: an RTP session on loopback and the DTLS transport of a negotiated DTLS-SRTP stream.</summary>
    private sealed class Call : IAsyncDisposable
    {
        private Call(RtpSession rtp, SipDtlsTransport dtls, DtlsCertificate certificate)
        {
            Rtp = rtp;
            Dtls = dtls;
            Certificate = certificate;
        }

        public RtpSession Rtp { get; }

        public SipDtlsTransport Dtls { get; }

        public DtlsCertificate Certificate { get; }

        public static Call Create(SdpSetupRole offered, DtlsPhone phone)
        {
            var low = 40000 + (Interlocked.Increment(ref s_range) % 20 * 50);
            Assert.True(RtpSession.TryCreate(new RtpPortAllocator(low, low + 49), IPAddress.Loopback, new RtpSessionOptions { RtcpMux = phone.RtcpMux }, TimeProvider.System, out var rtp));
            Assert.True(SdpFingerprint.TryParse(phone.Offered.Fingerprint.ToString(), out var fingerprint, out _));
            var certificate = DtlsCertificate.Generate();
            var audio = Audio(offered, phone.RtcpMux, fingerprint, phone.RtpEndPoint, phone.RtcpEndPoint);
            Assert.True(SipDtlsTransport.TryCreate("call-1", rtp, audio, certificate, new ListLoggerFactory().CreateLogger("dtls"), out var dtls, out var reason), reason);
            rtp.ReceivePayloadType = 0;
            rtp.SetRemote(audio.RemoteRtp, audio.RemoteRtcp);
            phone.Connect(rtp);
            return new Call(rtp, dtls, certificate);
        }

        public static NegotiatedAudio Audio(SdpSetupRole offered, bool rtcpMux, SdpFingerprint fingerprint, IPEndPoint remote, IPEndPoint? remoteRtcp = null)
        {
            Assert.True(SdpSetup.TryAnswer(offered, out var local, out _));
            return new NegotiatedAudio(remote, rtcpMux ? null : remoteRtcp, rtcpMux, CodecSpec.Pcmu, 0, null, 20, MediaDirection.SendRecv, null, null)
            {
                Protocol = SdpProtocol.UdpTlsRtpSavp,
                Dtls = new DtlsSrtpOffer { RemoteFingerprints = [fingerprint], OfferedSetup = offered, LocalSetup = local, RtcpMux = rtcpMux },
            };
        }

        public async ValueTask DisposeAsync()
        {
            Rtp.Dispose();
            Dtls.Dispose();
            await Task.CompletedTask;
        }
    }
}
