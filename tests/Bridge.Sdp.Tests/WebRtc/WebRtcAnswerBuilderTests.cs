using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests.WebRtc;

public sealed class WebRtcAnswerBuilderTests
{
    private static WebRtcAnswerResult Answer(string offer, WebRtcLocalParameters? local = null) =>
        WebRtcAnswerBuilder.CreateAnswer(WebRtcTestData.Parse(offer), local ?? WebRtcTestData.Local());

    [Fact]
    public void Chromium_offer_is_answered_line_by_line()
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.ChromiumOffer, WebRtcTestData.Local(sessionId: 4242));
        Assert.True(result.IsAccepted, result.Reason);

        string expected = string.Join("\r\n",
            "v=0",
            "o=- 4242 1 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=ice-lite",
            "a=group:BUNDLE 0",
            "m=audio 40000 UDP/TLS/RTP/SAVPF 111 110",
            "c=IN IP4 127.0.0.1",
            "a=mid:0",
            "a=ice-ufrag:BrdG",
            "a=ice-pwd:" + WebRtcTestData.LocalPwd,
            "a=fingerprint:sha-256 A0:A1:A2:A3:A4:A5:A6:A7:A8:A9:AA:AB:AC:AD:AE:AF:B0:B1:B2:B3:B4:B5:B6:B7:B8:B9:BA:BB:BC:BD:BE:BF",
            "a=setup:passive",
            "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
            "a=end-of-candidates",
            "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
            "a=sendrecv",
            "a=msid:room4711 mix",
            "a=rtcp-mux",
            "a=rtpmap:111 opus/48000/2",
            "a=fmtp:111 minptime=10;useinbandfec=1",
            "a=rtpmap:110 telephone-event/48000",
            "a=fmtp:110 0-15",
            "a=ssrc:123456789 cname:bridgecname",
            "m=video 0 UDP/TLS/RTP/SAVPF 96",
            "c=IN IP4 0.0.0.0",
            "a=mid:1",
            "") ;
        Assert.Equal(expected, result.Answer.ToString());

        // Rules that must hold whatever the layout: no feedback, no other extension, nothing bundle-only.
        string text = result.Answer.ToString();
        Assert.DoesNotContain("a=rtcp-fb", text, StringComparison.Ordinal);
        Assert.DoesNotContain("transport-cc", text, StringComparison.Ordinal);
        Assert.DoesNotContain("bundle-only", text, StringComparison.Ordinal);
        Assert.DoesNotContain("abs-send-time", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sdes:mid", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a=rtcp:", text, StringComparison.Ordinal);

        WebRtcNegotiatedAudio n = result.Negotiated;
        Assert.Equal(0, n.MediaIndex);
        Assert.Equal("0", n.Mid);
        Assert.Equal(111, n.OpusPayloadType);
        Assert.Equal("minptime=10;useinbandfec=1", n.RemoteOpusFormatParameters);
        Assert.Equal(110, n.TelephoneEventPayloadType);
        Assert.Equal(1, n.AudioLevelExtensionId);
        Assert.Equal("yEnG", n.RemoteIceUfrag);
        Assert.Equal("Mkl07EB1K8qmtMtaZVKJppgu", n.RemoteIcePwd);
        Assert.Equal(2, n.RemoteCandidates.Count);
        Assert.Equal("26:4C:7C:A9:A6:0D:BE:FC:9C:50:52:EE:5F:3C:5E:9C:21:C5:C6:BF:BF:71:ED:10:A5:F8:18:80:3D:A3:A9:10", Assert.Single(n.RemoteFingerprints).Value);
        Assert.Equal(SdpSetupRole.Passive, n.LocalSetup);
        Assert.False(n.IsDtlsClient);
        Assert.Equal(MediaDirection.SendRecv, n.Direction);
        Assert.Equal(3693338860u, n.RemoteSsrc);
        Assert.True(n.RemoteOfferedRtcpRsize);
        Assert.DoesNotContain("Mkl07EB1K8qmtMtaZVKJppgu", n.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Answer_reparses_and_reads_back_with_our_parser()
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.ChromiumOffer);
        Assert.True(result.IsAccepted, result.Reason);
        SessionDescription reparsed = WebRtcTestData.Parse(result.Answer.ToString());
        Assert.Equal(result.Answer.ToString(), reparsed.ToString());

        WebRtcOffer read = WebRtcOfferReader.Read(reparsed);
        Assert.Equal(2, read.Media.Count);
        WebRtcMediaOffer audio = read.Media[0];
        Assert.Equal("0", audio.Mid);
        Assert.Equal(40000, audio.Port);
        Assert.Equal([111, 110], audio.Payloads.Select(p => p.PayloadType));
        Assert.Equal("BrdG", audio.IceUfrag);
        Assert.Equal(WebRtcTestData.LocalFingerprint, Assert.Single(audio.Fingerprints));
        Assert.Equal(SdpSetupRole.Passive, audio.Setup);
        Assert.True(audio.RtcpMux);
        Assert.True(audio.EndOfCandidates);
        Assert.Equal(123456789u, Assert.Single(audio.Ssrcs).Ssrc);
        Assert.Equal(["0"], Assert.Single(read.BundleGroups));
        Assert.True(read.IceLite);
        Assert.Equal(0, read.Media[1].Port);
        Assert.Equal("1", read.Media[1].Mid);
        Assert.True(read.Media[1].IsDisabledByOfferer);
        Assert.True(read.TryValidate(out string? reason), reason);

        Assert.NotEqual("0", reparsed.Origin.SessionId);
        Assert.Equal("1", reparsed.Origin.SessionVersion);
        Assert.NotEqual(reparsed.Origin.SessionId, WebRtcTestData.Parse(Answer(WebRtcTestData.ChromiumOffer).Answer!.ToString()).Origin.SessionId);
    }

    [Fact]
    public void Video_first_second_audio_and_data_channel_are_rejected_keeping_their_mids()
    {
        string offer = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nt=0 0\na=group:BUNDLE v a1 a2 d\n"
            + Section("video 9 UDP/TLS/RTP/SAVPF 96", "v", "a=rtpmap:96 VP8/90000\n")
            + Section("audio 9 UDP/TLS/RTP/SAVPF 0 111", "a1", "a=rtpmap:111 opus/48000/2\na=extmap:5/recvonly urn:ietf:params:rtp-hdrext:ssrc-audio-level\na=extmap:2 urn:ietf:params:rtp-hdrext:sdes:mid\na=sendonly\n")
            + Section("audio 0 UDP/TLS/RTP/SAVPF 111", "a2", "a=bundle-only\na=rtpmap:111 opus/48000/2\n")
            + Section("application 0 UDP/DTLS/SCTP webrtc-datachannel", "d", "a=bundle-only\na=sctp-port:5000\n");
        WebRtcAnswerResult result = Answer(offer);
        Assert.True(result.IsAccepted, result.Reason);
        SessionDescription answer = result.Answer;

        Assert.Equal("BUNDLE a1", answer.GetAttribute("group"));
        Assert.Equal(4, answer.Media.Count);
        Assert.Equal(["video", "audio", "audio", "application"], answer.Media.Select(m => m.Media));
        Assert.Equal([0, 40000, 0, 0], answer.Media.Select(m => m.Port));
        Assert.Equal(["v", "a1", "a2", "d"], answer.Media.Select(m => m.GetAttribute("mid")));
        Assert.Equal(["webrtc-datachannel"], answer.Media[3].Formats);
        Assert.Equal("UDP/DTLS/SCTP", answer.Media[3].Protocol);
        foreach (int i in new[] { 0, 2, 3 })
        {
            Assert.Equal(["mid"], answer.Media[i].Attributes.Select(a => a.Name));
        }

        MediaDescription audio = answer.Media[1];
        Assert.Equal(["111"], audio.Formats); // no telephone-event offered, PCMU not chosen
        Assert.Equal(MediaDirection.RecvOnly, audio.Direction);
        Assert.Null(audio.GetAttribute("msid")); // we do not send on a recvonly answer
        Assert.Null(audio.GetAttribute("ssrc"));
        Assert.Equal("5/sendonly urn:ietf:params:rtp-hdrext:ssrc-audio-level", Assert.Single(audio.GetAttributes("extmap")));
        Assert.Equal(1, result.Negotiated.MediaIndex);
        Assert.Null(result.Negotiated.TelephoneEventPayloadType);
        Assert.Equal(5, result.Negotiated.AudioLevelExtensionId);
        Assert.Null(result.Negotiated.RemoteSsrc);
    }

    [Theory]
    [InlineData("a=setup:actpass", "passive")]
    [InlineData("a=setup:active", "passive")]
    [InlineData("a=setup:passive", "active")]
    public void Setup_is_answered_with_the_other_role(string offered, string answered)
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.Edit(WebRtcTestData.AudioOnly(), "a=setup:", offered));
        Assert.True(result.IsAccepted, result.Reason);
        Assert.Equal(answered, result.Answer.Media[0].GetAttribute("setup"));
        Assert.Equal(answered == "active", result.Negotiated.IsDtlsClient);
    }

    [Fact]
    public void Holdconn_is_refused_with_a_reason()
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.Edit(WebRtcTestData.AudioOnly(), "a=setup:", "a=setup:holdconn"));
        Assert.Equal(WebRtcAnswerStatus.Refused, result.Status);
        Assert.Contains("holdconn", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.Answer);
    }

    [Fact]
    public void Offer_without_rtcp_mux_and_bundle_is_refused()
    {
        string offer = WebRtcTestData.Edit(WebRtcTestData.Edit(WebRtcTestData.AudioOnly(), "a=rtcp-mux", null), "a=group:", null);
        WebRtcAnswerResult result = Answer(offer);
        Assert.Equal(WebRtcAnswerStatus.Refused, result.Status);
        Assert.Contains("a=rtcp-mux", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void No_opus_is_no_common_codec_not_an_exception()
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.AudioOnly(codecs: "0 8", extra: "a=rtpmap:0 PCMU/8000\n"));
        Assert.Equal(WebRtcAnswerStatus.NoCommonCodec, result.Status);
        Assert.StartsWith("no common codec", result.Reason, StringComparison.Ordinal);
        Assert.Null(result.Answer);
        Assert.Null(result.Negotiated);

        // opus at the wrong rate or channel count is not Opus as RFC 7587 §7 registers it
        string mono = WebRtcTestData.Edit(WebRtcTestData.AudioOnly(), "a=rtpmap:111", "a=rtpmap:111 opus/48000");
        Assert.Equal(WebRtcAnswerStatus.NoCommonCodec, Answer(mono).Status);

        string videoOnly = WebRtcTestData.Edit(WebRtcTestData.ChromiumOffer, "m=audio", "m=audio 0 UDP/TLS/RTP/SAVPF 111");
        Assert.Equal(WebRtcAnswerStatus.NoCommonCodec, Answer(videoOnly).Status);
    }

    [Theory]
    [InlineData("a=fingerprint:", "missing a=fingerprint")]
    [InlineData("a=ice-ufrag:", "missing a=ice-ufrag")]
    [InlineData("a=ice-pwd:", "missing a=ice-pwd")]
    public void Bad_offers_are_invalid_with_a_reason(string removed, string expected)
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.Edit(WebRtcTestData.ChromiumOffer, removed, null));
        Assert.Equal(WebRtcAnswerStatus.InvalidOffer, result.Status);
        Assert.Contains(expected, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rtp_avp_offer_is_invalid()
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.AudioOnly(proto: "RTP/AVP"));
        Assert.Equal(WebRtcAnswerStatus.InvalidOffer, result.Status);
        Assert.Contains("not DTLS-SRTP", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Audio_level_id_beyond_one_byte_range_is_not_answered()
    {
        WebRtcAnswerResult result = Answer(WebRtcTestData.AudioOnly(extra: "a=extmap:15 urn:ietf:params:rtp-hdrext:ssrc-audio-level\n"));
        Assert.True(result.IsAccepted, result.Reason);
        Assert.Null(result.Negotiated.AudioLevelExtensionId);
        Assert.Null(result.Answer.Media[0].GetAttribute("extmap"));
    }

    private static string Section(string mLine, string mid, string extra) =>
        "m=" + mLine + "\nc=IN IP4 0.0.0.0\na=ice-ufrag:abcd\na=ice-pwd:0123456789abcdefghijklmn\n"
        + "a=fingerprint:sha-256 26:4C:7C:A9:A6:0D:BE:FC:9C:50:52:EE:5F:3C:5E:9C:21:C5:C6:BF:BF:71:ED:10:A5:F8:18:80:3D:A3:A9:10\n"
        + "a=setup:actpass\na=mid:" + mid + "\na=rtcp-mux\n" + extra;
}
