using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests.WebRtc;

public sealed class WebRtcOfferReaderTests
{
    [Fact]
    public void Chromium_offer_is_read_per_m_line()
    {
        Assert.True(WebRtcOfferReader.TryRead(WebRtcTestData.ChromiumOffer, out WebRtcOffer? offer, out string? reason), reason);

        Assert.Equal(2, offer.Media.Count);
        Assert.Equal(["0", "1"], Assert.Single(offer.BundleGroups));
        Assert.False(offer.IceLite);

        WebRtcMediaOffer audio = offer.Media[0];
        Assert.Equal("audio", audio.Kind);
        Assert.Equal("0", audio.Mid);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(50972, audio.Port);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal([111, 63, 9, 0, 8, 13, 110, 126], audio.Payloads.Select(p => p.PayloadType));
        WebRtcPayload opus = audio.FindPayload(111)!;
        Assert.True(opus.Is("opus", 48000, 2));
        Assert.Equal("minptime=10;useinbandfec=1", opus.FormatParameters);
        Assert.Equal(["transport-cc"], opus.RtcpFeedback);
        Assert.Equal("111/111", audio.FindPayload(63)!.FormatParameters);
        Assert.True(audio.FindPayload(0)!.Is("PCMU", 8000));
        Assert.True(audio.FindPayload(110)!.Is("telephone-event", 48000));
        Assert.Empty(audio.FindPayload(110)!.RtcpFeedback);
        Assert.Equal(4, audio.Extmaps.Count);
        Assert.Equal(1, audio.FindExtmap(SdpExtmap.AudioLevelUri)!.Id);
        Assert.Equal(4, audio.FindExtmap("urn:ietf:params:rtp-hdrext:sdes:mid")!.Id);
        WebRtcSsrc ssrc = Assert.Single(audio.Ssrcs);
        Assert.Equal(3693338860u, ssrc.Ssrc);
        Assert.Equal("RvljQBmrHBwJdtVt", ssrc.Cname);
        Assert.Equal("9441401d-b157-4214-bb9c-456973e8ca0f 413579f5-9af9-4539-b5d6-3424f2e4b586", ssrc.Msid);
        Assert.Equal("9441401d-b157-4214-bb9c-456973e8ca0f 413579f5-9af9-4539-b5d6-3424f2e4b586", audio.Msid);
        Assert.Equal("yEnG", audio.IceUfrag);
        Assert.Equal("Mkl07EB1K8qmtMtaZVKJppgu", audio.IcePwd);
        Assert.Equal(["trickle"], audio.IceOptions);
        Assert.Equal(2, audio.Candidates.Count);
        Assert.StartsWith("1657005341 1 udp 2122260223 127.0.0.1 50972 typ host", audio.Candidates[0], StringComparison.Ordinal);
        Assert.False(audio.EndOfCandidates);
        SdpFingerprint fingerprint = Assert.Single(audio.Fingerprints);
        Assert.Equal("sha-256", fingerprint.Algorithm);
        Assert.Equal("26:4C:7C:A9:A6:0D:BE:FC:9C:50:52:EE:5F:3C:5E:9C:21:C5:C6:BF:BF:71:ED:10:A5:F8:18:80:3D:A3:A9:10", fingerprint.Value);
        Assert.Equal(SdpSetupRole.ActPass, audio.Setup);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.RtcpRsize);

        WebRtcMediaOffer video = offer.Media[1];
        Assert.Equal("video", video.Kind);
        Assert.Equal("1", video.Mid);
        Assert.Equal(9, video.Port);
        Assert.Equal(23, video.Payloads.Count);
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], video.FindPayload(96)!.RtcpFeedback);
        Assert.Equal([1172761089u, 2115033095u], video.Ssrcs.Select(s => s.Ssrc));
        Assert.Null(video.FindExtmap(SdpExtmap.AudioLevelUri));
    }

    [Fact]
    public void Session_level_ice_and_fingerprint_apply_when_media_level_is_silent()
    {
        string sdp = "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\na=ice-ufrag:sess\na=ice-pwd:0123456789abcdefghijklmn\na=ice-options:trickle ice2\n"
            + "a=fingerprint:sha-1 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33\na=setup:passive\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\nc=IN IP4 0.0.0.0\na=rtcp-mux\na=rtpmap:111 opus/48000/2\na=rtcp-fb:* nack\n";
        Assert.True(WebRtcOfferReader.TryRead(sdp, out WebRtcOffer? offer, out string? reason), reason);
        WebRtcMediaOffer audio = Assert.Single(offer.Media);
        Assert.Equal("sess", audio.IceUfrag);
        Assert.Equal(["trickle", "ice2"], audio.IceOptions);
        Assert.Equal("sha-1", Assert.Single(audio.Fingerprints).Algorithm);
        Assert.Equal(SdpSetupRole.Passive, audio.Setup);
        Assert.Equal(["nack"], audio.FindPayload(111)!.RtcpFeedback);
        Assert.Null(audio.Mid);
        Assert.Empty(offer.BundleGroups);
    }

    public static TheoryData<string, string?, string?, string> BadOffers => new()
    {
        { "a=fingerprint:", null, null, "missing a=fingerprint" },
        { "a=fingerprint:", "a=fingerprint:sha-256 26:4C", null, "has 2 bytes, expected 32" },
        { "a=fingerprint:", "a=fingerprint:sha-256 zz:4C", null, "malformed a=fingerprint" },
        { "a=ice-ufrag:", null, null, "missing a=ice-ufrag" },
        { "a=ice-pwd:", null, null, "missing a=ice-pwd" },
        { "a=ice-pwd:", "a=ice-pwd:short", null, "a=ice-pwd must be 22-256 ice-chars" },
        { "a=ice-ufrag:", "a=ice-ufrag:a b!", null, "a=ice-ufrag must be 4-256 ice-chars" },
        { "a=rtcp-mux", null, null, "in a BUNDLE group without a=rtcp-mux" },
        { "a=setup:", "a=setup:sideways", null, "unknown a=setup value 'sideways'" },
        { "a=mid:", "a=mid:0", "m=video", "duplicate a=mid" },
        { "a=mid:", "a=mid:a b", null, "a=mid must be a token" },
    };

    [Theory]
    [MemberData(nameof(BadOffers))]
    public void Bad_chromium_offers_are_refused_with_a_reason(string prefix, string? replacement, string? unused, string expected)
    {
        _ = unused;
        string sdp = WebRtcTestData.Edit(WebRtcTestData.ChromiumOffer, prefix, replacement);
        Assert.False(WebRtcOfferReader.TryRead(sdp, out WebRtcOffer? offer, out string? reason));
        Assert.Null(offer);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
        Assert.StartsWith("m-line ", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_rtp_proto_is_not_dtls()
    {
        Assert.False(WebRtcOfferReader.TryRead(WebRtcTestData.AudioOnly(proto: "RTP/AVP"), out _, out string? reason));
        Assert.Equal("m-line 0 (audio): proto 'RTP/AVP' is not DTLS-SRTP (a browser offers UDP/TLS/RTP/SAVPF, RFC 8829 §5.1.2)", reason);
    }

    [Fact]
    public void Disabled_m_lines_are_not_checked_and_garbage_is_refused()
    {
        string sdp = WebRtcTestData.AudioOnly() + "m=video 0 RTP/AVP 96\nc=IN IP4 0.0.0.0\n";
        Assert.True(WebRtcOfferReader.TryRead(sdp, out WebRtcOffer? offer, out string? reason), reason);
        Assert.True(offer.Media[1].IsDisabledByOfferer);

        Assert.False(WebRtcOfferReader.TryRead("garbage", out _, out reason));
        Assert.StartsWith("unparsable SDP", reason, StringComparison.Ordinal);
        Assert.False(WebRtcOfferReader.TryRead((string?)null, out _, out _));
        Assert.False(WebRtcOfferReader.TryRead("v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nt=0 0\n", out _, out reason));
        Assert.Equal("offer has no m= lines", reason);
    }

    [Fact]
    public void Extmap_and_fingerprint_parsing()
    {
        Assert.True(SdpExtmap.TryParse("3/sendonly urn:x attr", out SdpExtmap? extmap));
        Assert.Equal(new SdpExtmap(3, "urn:x", MediaDirection.SendOnly, "attr"), extmap);
        Assert.Equal("3/sendonly urn:x attr", extmap.ToString());
        Assert.False(SdpExtmap.TryParse("0 urn:x", out _));
        Assert.False(SdpExtmap.TryParse("256 urn:x", out _));
        Assert.False(SdpExtmap.TryParse("1/sideways urn:x", out _));
        Assert.False(SdpExtmap.TryParse("1", out _));

        Assert.True(SdpFingerprint.TryParse("SHA-256 " + WebRtcTestData.LocalFingerprint.Value.ToLowerInvariant(), out SdpFingerprint? parsed, out _));
        Assert.Equal(WebRtcTestData.LocalFingerprint, parsed);
        Assert.Equal("sha-256 A0:A1:A2:A3:A4:A5:A6:A7:A8:A9:AA:AB:AC:AD:AE:AF:B0:B1:B2:B3:B4:B5:B6:B7:B8:B9:BA:BB:BC:BD:BE:BF", parsed.ToAttributeValue());
        Assert.True(SdpFingerprint.TryParse("x-new 01:02", out SdpFingerprint? unknown, out _));
        Assert.Equal(2, unknown.Hash.Length);
        Assert.False(SdpFingerprint.TryParse("sha-256 0102", out _, out _));
        Assert.False(SdpFingerprint.TryParse("sha-256 01:02:", out _, out _));
        Assert.False(SdpFingerprint.TryParse("sha-256", out _, out _));
        Assert.False(SdpFingerprint.TryParse(null, out _, out _));
    }

    [Fact]
    public void Log_text_never_contains_the_ice_password()
    {
        Assert.True(WebRtcOfferReader.TryRead(WebRtcTestData.ChromiumOffer, out WebRtcOffer? offer, out _));
        Assert.DoesNotContain("Mkl07EB1K8qmtMtaZVKJppgu", offer.Media[0].ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WebRtcTestData.LocalPwd, WebRtcTestData.Local().ToString(), StringComparison.Ordinal);
    }
}
