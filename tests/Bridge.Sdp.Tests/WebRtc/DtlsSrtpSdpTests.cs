using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests.WebRtc;

public sealed class DtlsSrtpSdpTests
{
    // A SIP phone's DTLS-SRTP offer with SAVP and media-level fingerprint and setup, no ICE (the captured baresip one is below).
    private const string Baresip =
        "v=0\no=- 1735286590 2948484574 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
        + "m=audio 24416 UDP/TLS/RTP/SAVP 0 8 101\nb=AS:64\n"
        + "a=fingerprint:sha-256 26:4C:7C:A9:A6:0D:BE:FC:9C:50:52:EE:5F:3C:5E:9C:21:C5:C6:BF:BF:71:ED:10:A5:F8:18:80:3D:A3:A9:10\n"
        + "a=setup:actpass\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=sendrecv\na=label:1\na=ssrc:1 cname:x\na=rtcp-mux\na=ptime:20\n";

    [Fact]
    public void Baresip_offer_gives_fingerprint_and_passive_role()
    {
        SessionDescription sdp = WebRtcTestData.Parse(Baresip);
        Assert.True(DtlsSrtpSdp.TryReadOffer(sdp, sdp.Media[0], out DtlsSrtpOffer? offer, out string? reason), reason);
        Assert.Equal(SdpSetupRole.ActPass, offer.OfferedSetup);
        Assert.Equal(SdpSetupRole.Passive, offer.LocalSetup);
        Assert.False(offer.IsDtlsClient);
        Assert.Equal("sha-256", Assert.Single(offer.RemoteFingerprints).Algorithm);
        Assert.Null(offer.IceUfrag);
        Assert.True(offer.RtcpMux);

        var answer = new MediaDescription { Media = "audio", Port = 30000, Protocol = "UDP/TLS/RTP/SAVP", Formats = { "0" } };
        answer.AddAttribute("setup", "actpass");
        DtlsSrtpSdp.AddAnswerAttributes(answer, offer, WebRtcTestData.LocalFingerprint);
        Assert.Equal(["setup:passive", "fingerprint:" + WebRtcTestData.LocalFingerprint.ToAttributeValue()], answer.Attributes.Select(a => a.ToString()));
    }

    [Fact]
    public void Session_level_fingerprint_and_missing_setup_mean_active_offerer()
    {
        string text = Baresip.Replace("t=0 0\n", "t=0 0\na=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33\n", StringComparison.Ordinal);
        text = WebRtcTestData.Edit(WebRtcTestData.Edit(text, "a=fingerprint:sha-256", null), "a=setup:", null);
        SessionDescription sdp = WebRtcTestData.Parse(text);
        Assert.True(DtlsSrtpSdp.TryReadOffer(sdp, sdp.Media[0], out DtlsSrtpOffer? offer, out string? reason), reason);
        Assert.Equal("sha-1", Assert.Single(offer.RemoteFingerprints).Algorithm);
        Assert.Equal(SdpSetupRole.Active, offer.OfferedSetup);
        Assert.Equal(SdpSetupRole.Passive, offer.LocalSetup);

        SessionDescription passive = WebRtcTestData.Parse(WebRtcTestData.Edit(Baresip, "a=setup:", "a=setup:passive"));
        Assert.True(DtlsSrtpSdp.TryReadOffer(passive, passive.Media[0], out offer, out _));
        Assert.True(offer.IsDtlsClient);
        Assert.Equal(["setup:active", "fingerprint:" + WebRtcTestData.LocalFingerprint.ToAttributeValue()], DtlsSrtpSdp.AnswerAttributes(offer, WebRtcTestData.LocalFingerprint).Select(a => a.ToString()));
    }

    [Fact]
    public void Captured_baresip_offer_with_session_level_dtls_values_is_read()
    {
        // Captured from baresip 1.0.0 (accounts: mediaenc=dtls_srtp) dialling a UDP listener on 127.0.0.1:
        // SAVPF, setup and upper-case SHA-256 fingerprint at session level, no ICE, no rtcp-mux.
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WebRtc", "testdata", "baresip-1.0-dtls-srtp-offer.sdp"));
        SessionDescription sdp = WebRtcTestData.Parse(text);
        MediaDescription audio = Assert.Single(sdp.Media);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);

        Assert.True(DtlsSrtpSdp.TryReadOffer(sdp, audio, out DtlsSrtpOffer? offer, out string? reason), reason);
        SdpFingerprint fingerprint = Assert.Single(offer.RemoteFingerprints);
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.Equal("BA:B2:CF:60:21:2D:D4:11:1B:80:F4:83:6E:60:9C:D8:82:4C:4A:AC:0E:54:8F:8F:58:09:6B:FD:20:52:25:46", fingerprint.Value);
        Assert.Equal(SdpSetupRole.ActPass, offer.OfferedSetup);
        Assert.Equal(SdpSetupRole.Passive, offer.LocalSetup);
        Assert.False(offer.RtcpMux);
        Assert.Null(offer.IceUfrag);
        Assert.Null(offer.IcePwd);

        // The same offer is not a browser offer: the WebRTC reader says why.
        Assert.False(WebRtcOfferReader.TryRead(sdp, out _, out reason));
        Assert.Equal("m-line 0 (audio): missing a=ice-ufrag (RFC 8839 §5.4)", reason);
    }

    [Theory]
    [InlineData("m=audio", "m=audio 24416 RTP/SAVP 0 8 101", "not DTLS-SRTP")]
    [InlineData("a=fingerprint:", null, "missing a=fingerprint")]
    [InlineData("a=fingerprint:", "a=fingerprint:sha-256 00:11", "expected 32")]
    [InlineData("a=setup:", "a=setup:holdconn", "holdconn")]
    [InlineData("a=setup:", "a=setup:both", "unknown a=setup")]
    public void Bad_sip_offers_give_a_reason(string prefix, string? replacement, string expected)
    {
        SessionDescription sdp = WebRtcTestData.Parse(WebRtcTestData.Edit(Baresip, prefix, replacement));
        Assert.False(DtlsSrtpSdp.TryReadOffer(sdp, sdp.Media[0], out DtlsSrtpOffer? offer, out string? reason));
        Assert.Null(offer);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }
}
