using System.Net;

namespace Bridge.Sdp.Tests;

public sealed class OfferAnswerTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.0.2.1");
    private static readonly NegotiationOptions Options = new() { MediaAddress = Local };

    private static OfferAnswerResult Answer(string offer, NegotiationOptions? options = null) =>
        OfferAnswer.Answer(SdpSamples.Parse(offer), 30000, options ?? Options);

    private static string Offer(string mediaLines, string session = "") =>
        "v=0\no=peer 1 1 IN IP4 198.51.100.5\ns=-\nc=IN IP4 198.51.100.5\nt=0 0\n" + session + mediaLines;

    [Fact]
    public void Baresip_offer_gets_G722_with_telephone_event_and_a_complete_answer()
    {
        OfferAnswerResult result = Answer(SdpSamples.Baresip);

        Assert.True(result.Success);
        NegotiatedAudio audio = result.Audio!;
        Assert.Equal(CodecSpec.G722, audio.Codec);
        Assert.Equal(9, audio.PayloadType);
        Assert.Equal(101, audio.TelephoneEventPayloadType);
        Assert.Equal(8000, audio.TelephoneEventClockRate);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 24416), audio.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 24417), audio.RemoteRtcp);
        Assert.False(audio.RtcpMux);
        Assert.Equal(20, audio.PacketTimeMs);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Null(audio.LocalCrypto);
        Assert.Null(audio.RemoteCrypto);
        Assert.False(audio.IsSecure);

        string answer = result.Answer!.ToString();
        string[] lines = answer.Split("\r\n");
        Assert.Equal("v=0", lines[0]);
        Assert.Matches(@"^o=- \d+ 1 IN IP4 192\.0\.2\.1$", lines[1]);
        Assert.Equal(
            ["s=Bridge", "c=IN IP4 192.0.2.1", "t=0 0", "m=audio 30000 RTP/AVP 9 101", "a=rtpmap:9 G722/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=ptime:20", "a=sendrecv", string.Empty],
            lines[2..]);
    }

    [Fact]
    public void Linphone_offer_gets_opus_with_its_own_payload_type_and_48k_telephone_event()
    {
        OfferAnswerResult result = Answer(SdpSamples.Linphone);

        NegotiatedAudio audio = result.Audio!;
        Assert.Equal(CodecSpec.Opus, audio.Codec);
        Assert.Equal(96, audio.PayloadType);
        Assert.Equal(101, audio.TelephoneEventPayloadType);
        Assert.Equal(48000, audio.TelephoneEventClockRate);
        Assert.Equal("useinbandfec=1", audio.RemoteFormatParameters);
        string answer = result.Answer!.ToString();
        Assert.Contains("m=audio 30000 RTP/AVP 96 101\r\na=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1;minptime=10\r\na=rtpmap:101 telephone-event/48000\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Dynamic_payload_type_of_the_offer_is_kept()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 109 0 126\na=rtpmap:109 opus/48000/2\na=rtpmap:126 telephone-event/8000\n"));

        Assert.Equal(109, result.Audio!.PayloadType);
        Assert.Equal(126, result.Audio.TelephoneEventPayloadType);
        Assert.Equal(8000, result.Audio.TelephoneEventClockRate);
        Assert.Equal(["109", "126"], result.Answer!.Media[0].Formats);
    }

    [Fact]
    public void Our_preference_order_decides_not_the_offer_order()
    {
        NegotiationOptions pcmaFirst = Options with { Preference = [CodecSpec.Pcma, CodecSpec.Pcmu] };

        Assert.Equal(CodecSpec.Pcma, Answer(SdpSamples.Baresip, pcmaFirst).Audio!.Codec);
        Assert.Equal(CodecSpec.G722, Answer(SdpSamples.Baresip).Audio!.Codec);
        Assert.Equal(CodecSpec.Pcmu, Answer(SdpSamples.Sipp).Audio!.Codec);
    }

    [Fact]
    public void G722_written_with_16000_is_still_G722_and_answered_8000()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 9\na=rtpmap:9 G722/16000\n"));

        Assert.Equal(CodecSpec.G722, result.Audio!.Codec);
        Assert.Contains("a=rtpmap:9 G722/8000\r\n", result.Answer!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Opus_with_wrong_clock_is_not_opus()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 96\na=rtpmap:96 opus/16000/2\n"));

        Assert.False(result.Success);
        Assert.Equal(488, result.FailureStatus);
        Assert.Equal("No common codec", result.FailureReason);
    }

    [Fact]
    public void No_common_codec_is_488()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 18 3 101\na=rtpmap:101 telephone-event/8000\n"));

        Assert.False(result.Success);
        Assert.Equal(488, result.FailureStatus);
        Assert.Equal("No common codec", result.FailureReason);
        Assert.Null(result.Answer);
        Assert.Null(result.Audio);
    }

    [Fact]
    public void Video_only_offer_is_488()
    {
        OfferAnswerResult result = Answer(Offer("m=video 4000 RTP/AVP 96\na=rtpmap:96 VP8/90000\n"));

        Assert.Equal((false, 488, "No audio stream offered"), (result.Success, result.FailureStatus, result.FailureReason));
    }

    [Fact]
    public void Optional_policy_prefers_the_secure_audio_line_and_refuses_the_others_with_port_0()
    {
        OfferAnswerResult result = Answer(SdpSamples.AudioTwiceAndVideo);

        Assert.True(result.Success);
        Assert.Equal(2, result.Audio!.MediaIndex);
        Assert.True(result.Audio.IsSecure);
        Assert.Equal(7, result.Audio.LocalCrypto!.Tag);
        IList<MediaDescription> media = result.Answer!.Media;
        Assert.Equal(3, media.Count);
        Assert.Equal(("video", 0, "RTP/AVP", "97"), (media[0].Media, media[0].Port, media[0].Protocol, string.Join(' ', media[0].Formats)));
        Assert.Equal(("audio", 0, "RTP/AVP", "0 8"), (media[1].Media, media[1].Port, media[1].Protocol, string.Join(' ', media[1].Formats)));
        Assert.Equal(("audio", 30000, "RTP/SAVP"), (media[2].Media, media[2].Port, media[2].Protocol));
        Assert.Empty(media[0].Attributes);
        Assert.Contains("m=video 0 RTP/AVP 97\r\nm=audio 0 RTP/AVP 0 8\r\nm=audio 30000 RTP/SAVP 0\r\n", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Disabled_policy_takes_the_plain_audio_line_of_the_same_offer()
    {
        OfferAnswerResult result = Answer(SdpSamples.AudioTwiceAndVideo, Options with { Srtp = SrtpPolicy.Disabled });

        Assert.Equal(1, result.Audio!.MediaIndex);
        Assert.False(result.Audio.IsSecure);
        Assert.Equal([0, 30000, 0], result.Answer!.Media.Select(m => m.Port));
        Assert.DoesNotContain("a=crypto", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Second_audio_line_is_refused_when_the_first_is_accepted()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 0\nm=audio 4002 RTP/AVP 8\n"));

        Assert.Equal(0, result.Audio!.MediaIndex);
        Assert.Equal([30000, 0], result.Answer!.Media.Select(m => m.Port));
    }

    [Fact]
    public void Audio_line_already_at_port_0_stays_refused_and_next_one_is_used()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 0 RTP/AVP 0\nm=audio 4002 RTP/AVP 8\n"));

        Assert.Equal(1, result.Audio!.MediaIndex);
        Assert.Equal(CodecSpec.Pcma, result.Audio.Codec);
        Assert.Equal([0, 30000], result.Answer!.Media.Select(m => m.Port));
    }

    [Fact]
    public void Dtls_only_offer_is_488_and_not_answered_with_sdes()
    {
        OfferAnswerResult result = Answer(SdpSamples.ChromeLike);

        Assert.Equal((false, 488, "DTLS-SRTP is not supported here"), (result.Success, result.FailureStatus, result.FailureReason));
    }

    [Fact]
    public void Host_name_in_connection_line_is_488()
    {
        OfferAnswerResult result = Answer("v=0\no=p 1 1 IN IP4 pbx.example.com\ns=-\nc=IN IP4 pbx.example.com\nt=0 0\nm=audio 4000 RTP/AVP 0\n");

        Assert.Equal("Connection address is not an IP address", result.FailureReason);
    }

    [Fact]
    public void Missing_connection_line_is_488()
    {
        OfferAnswerResult result = Answer("v=0\no=p 1 1 IN IP4 10.0.0.1\ns=-\nt=0 0\nm=audio 4000 RTP/AVP 0\n");

        Assert.Equal("No connection address for audio", result.FailureReason);
    }

    [Fact]
    public void IPv6_offer_answered_from_an_IPv6_address_with_rtcp_attribute_and_session_direction()
    {
        NegotiationOptions v6 = Options with { MediaAddress = IPAddress.Parse("2001:db8::1") };

        OfferAnswerResult result = Answer(SdpSamples.Ipv6, v6);

        NegotiatedAudio audio = result.Audio!;
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::20"), 49172), audio.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("2001:db8::21"), 49180), audio.RemoteRtcp);
        Assert.Equal(40, audio.PacketTimeMs);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
        string answer = result.Answer!.ToString();
        Assert.Contains("\r\nc=IN IP6 2001:db8::1\r\n", answer, StringComparison.Ordinal);
        Assert.Matches(@"\r\no=- \d+ 1 IN IP6 2001:db8::1\r\n", answer);
        Assert.Contains("a=fmtp:101 0-16\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("a=sendonly\r\n", answer, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a=sendrecv\n", "", MediaDirection.SendRecv, "a=sendrecv")]
    [InlineData("a=sendonly\n", "", MediaDirection.RecvOnly, "a=recvonly")]
    [InlineData("a=recvonly\n", "", MediaDirection.SendOnly, "a=sendonly")]
    [InlineData("a=inactive\n", "", MediaDirection.Inactive, "a=inactive")]
    [InlineData("", "a=sendonly\n", MediaDirection.RecvOnly, "a=recvonly")]
    [InlineData("a=sendrecv\n", "a=inactive\n", MediaDirection.SendRecv, "a=sendrecv")]
    public void Direction_is_answered_from_the_offer(string mediaDirection, string sessionDirection, MediaDirection expected, string expectedLine)
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 0\n" + mediaDirection, sessionDirection));

        Assert.Equal(expected, result.Audio!.Direction);
        Assert.Equal(expected, result.Answer!.Media[0].Direction);
        Assert.Contains(expectedLine + "\r\n", result.Answer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Old_style_hold_with_0_0_0_0_is_answered_recvonly()
    {
        OfferAnswerResult result = Answer("v=0\no=p 1 2 IN IP4 10.0.0.1\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 4000 RTP/AVP 0\n");

        Assert.Equal(MediaDirection.RecvOnly, result.Audio!.Direction);
        Assert.Equal(IPAddress.Any, result.Audio.RemoteRtp.Address);
        Assert.Contains("a=recvonly\r\n", result.Answer!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Our_own_hold_limits_the_answer()
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 0\n"), Options with { Direction = MediaDirection.SendOnly });

        Assert.Equal(MediaDirection.SendOnly, result.Audio!.Direction);
        Assert.Equal(MediaDirection.Inactive, Answer(Offer("m=audio 4000 RTP/AVP 0\na=sendonly\n"), Options with { Direction = MediaDirection.SendOnly }).Audio!.Direction);
    }

    [Fact]
    public void Rtcp_mux_is_answered_only_when_offered()
    {
        OfferAnswerResult muxed = Answer(Offer("m=audio 4000 RTP/AVP 0\na=rtcp-mux\n"));
        OfferAnswerResult plain = Answer(Offer("m=audio 4000 RTP/AVP 0\n"));
        OfferAnswerResult refused = Answer(Offer("m=audio 4000 RTP/AVP 0\na=rtcp-mux\n"), Options with { RtcpMux = false });

        Assert.True(muxed.Audio!.RtcpMux);
        Assert.Null(muxed.Audio.RemoteRtcp);
        Assert.Contains("a=rtcp-mux\r\n", muxed.Answer!.ToString(), StringComparison.Ordinal);
        Assert.False(plain.Audio!.RtcpMux);
        Assert.DoesNotContain("rtcp-mux", plain.Answer!.ToString(), StringComparison.Ordinal);
        Assert.False(refused.Audio!.RtcpMux);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.5"), 4001), refused.Audio.RemoteRtcp);
    }

    [Theory]
    [InlineData(null, "0-15")]
    [InlineData("0-15", "0-15")]
    [InlineData("0-16", "0-16")]
    [InlineData("0-11,16", "0-11,16")]
    [InlineData("0-255", "0-16")]
    [InlineData("32-40", "0-15")]
    public void Telephone_event_fmtp_answers_the_events_both_sides_support(string? offered, string expected)
    {
        string fmtp = offered is null ? string.Empty : "a=fmtp:101 " + offered + "\n";
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 0 101\na=rtpmap:101 telephone-event/8000\n" + fmtp));

        Assert.Equal(expected, result.Answer!.Media[0].GetFormatParameters(101));
    }

    [Fact]
    public void Telephone_event_is_not_answered_when_not_offered_or_disabled()
    {
        Assert.Null(Answer(SdpSamples.Sipp).Audio!.TelephoneEventPayloadType);
        OfferAnswerResult disabled = Answer(SdpSamples.Baresip, Options with { TelephoneEvents = false });
        Assert.Null(disabled.Audio!.TelephoneEventPayloadType);
        Assert.Equal(["9"], disabled.Answer!.Media[0].Formats);
    }

    [Theory]
    [InlineData("a=ptime:20\n", 20)]
    [InlineData("a=ptime:30\n", 20)]
    [InlineData("a=ptime:40\n", 40)]
    [InlineData("a=ptime:60\na=maxptime:40\n", 20)]
    [InlineData("a=ptime:10\n", 20)]
    [InlineData("a=ptime:abc\n", 20)]
    [InlineData("", 20)]
    public void Packet_time_to_send_follows_the_peer_when_it_fits_our_frames(string lines, int expected)
    {
        OfferAnswerResult result = Answer(Offer("m=audio 4000 RTP/AVP 0\n" + lines));

        Assert.Equal(expected, result.Audio!.PacketTimeMs);
        Assert.Equal("20", result.Answer!.Media[0].GetAttribute("ptime"));
    }

    [Fact]
    public void Session_version_increments_across_answers_of_one_dialog()
    {
        var version = new SdpSessionVersion();
        SessionDescription offer = SdpSamples.Parse(SdpSamples.Sipp);

        SdpOrigin first = OfferAnswer.Answer(offer, 30000, Options, version).Answer!.Origin;
        SdpOrigin second = OfferAnswer.Answer(offer, 30000, Options, version).Answer!.Origin;
        SdpOrigin reoffer = OfferAnswer.CreateOffer(30000, Options, secure: false, version).Origin;

        Assert.Equal(first.SessionId, second.SessionId);
        Assert.Equal(first.SessionId, reoffer.SessionId);
        Assert.Equal(["1", "2", "3"], new[] { first.SessionVersion, second.SessionVersion, reoffer.SessionVersion });
        Assert.Equal(3UL, version.Current);
        Assert.NotEqual(first.SessionId, OfferAnswer.Answer(offer, 30000, Options).Answer!.Origin.SessionId);
    }

    [Fact]
    public void Answer_parses_back_to_the_same_text()
    {
        foreach (string offer in new[] { SdpSamples.Baresip, SdpSamples.BaresipSrtp, SdpSamples.Linphone, SdpSamples.Sipp, SdpSamples.AudioTwiceAndVideo })
        {
            string answer = Answer(offer).Answer!.ToString();
            Assert.Equal(answer, SdpSamples.Parse(answer).ToString());
        }
    }

    [Fact]
    public void Bad_arguments_are_programming_errors()
    {
        SessionDescription offer = SdpSamples.Parse(SdpSamples.Sipp);

        Assert.Throws<ArgumentOutOfRangeException>(() => OfferAnswer.Answer(offer, 0, Options));
        Assert.Throws<ArgumentOutOfRangeException>(() => OfferAnswer.Answer(offer, 65536, Options));
        Assert.Throws<ArgumentNullException>(() => OfferAnswer.Answer(null!, 30000, Options));
    }
}
