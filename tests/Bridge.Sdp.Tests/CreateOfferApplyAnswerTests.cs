using System.Net;

namespace Bridge.Sdp.Tests;

public sealed class CreateOfferApplyAnswerTests
{
    private static readonly NegotiationOptions Caller = new() { MediaAddress = IPAddress.Parse("192.0.2.10") };
    private static readonly NegotiationOptions Bridge = new() { MediaAddress = IPAddress.Parse("192.0.2.1") };

    [Fact]
    public void Secure_offer_lists_codecs_telephone_events_and_one_key_per_suite()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: true);

        MediaDescription audio = Assert.Single(offer.Media);
        Assert.Equal(("audio", 40000, "RTP/SAVP"), (audio.Media, audio.Port, audio.Protocol));
        Assert.Equal(["96", "9", "0", "8", "101", "97"], audio.Formats);
        string text = offer.ToString();
        Assert.Contains(
            "a=rtpmap:96 opus/48000/2\r\na=fmtp:96 useinbandfec=1;minptime=10\r\na=rtpmap:9 G722/8000\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
            "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=rtpmap:97 telephone-event/48000\r\na=fmtp:97 0-16\r\na=ptime:20\r\na=rtcp-mux\r\n",
            text,
            StringComparison.Ordinal);
        IReadOnlyList<SdesCrypto> keys = audio.GetCryptos();
        Assert.Equal([1, 2, 3, 4], keys.Select(k => k.Tag));
        Assert.Equal(SrtpSuite.Defaults, keys.Select(k => k.Suite));
        Assert.Equal([30, 30, 28, 46], keys.Select(k => k.MasterKey.Length + k.MasterSalt.Length));
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Equal("c=IN IP4 192.0.2.10", text.Split("\r\n")[3]);
    }

    [Fact]
    public void Plain_offer_has_no_crypto_and_hold_offer_is_sendonly()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller with { Direction = MediaDirection.SendOnly, RtcpMux = false, TelephoneEvents = false }, secure: false);

        MediaDescription audio = offer.Media[0];
        Assert.Equal("RTP/AVP", audio.Protocol);
        Assert.Empty(audio.GetCryptos());
        Assert.False(audio.RtcpMux);
        Assert.Equal(["96", "9", "0", "8"], audio.Formats);
        Assert.Equal(MediaDirection.SendOnly, audio.Direction);
    }

    [Fact]
    public void Secure_offer_answered_by_the_bridge_gives_both_sides_matching_keys()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: true);
        OfferAnswerResult answered = OfferAnswer.Answer(SdpSamples.Parse(offer.ToString()), 30000, Bridge);

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, SdpSamples.Parse(answered.Answer!.ToString()), Caller);

        Assert.True(applied.Success, applied.FailureReason);
        NegotiatedAudio caller = applied.Audio!;
        NegotiatedAudio bridge = answered.Audio!;
        Assert.Equal(CodecSpec.Opus, caller.Codec);
        Assert.Equal((96, 96), (caller.PayloadType, bridge.PayloadType));
        Assert.Equal((97, 97), (caller.TelephoneEventPayloadType, bridge.TelephoneEventPayloadType));
        Assert.Equal((48000, 48000), (caller.TelephoneEventClockRate, bridge.TelephoneEventClockRate));
        Assert.True(caller.RtcpMux);
        Assert.True(bridge.RtcpMux);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 30000), caller.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("192.0.2.10"), 40000), bridge.RemoteRtp);
        Assert.Equal(caller.LocalCrypto!.MasterKey, bridge.RemoteCrypto!.MasterKey);
        Assert.Equal(caller.LocalCrypto.MasterSalt, bridge.RemoteCrypto.MasterSalt);
        Assert.Equal(bridge.LocalCrypto!.MasterKey, caller.RemoteCrypto!.MasterKey);
        Assert.Equal(bridge.LocalCrypto.MasterSalt, caller.RemoteCrypto.MasterSalt);
        Assert.Equal(SrtpSuite.AesCm128HmacSha1_80, caller.LocalCrypto.Suite);
        Assert.Equal((MediaDirection.SendRecv, MediaDirection.SendRecv), (caller.Direction, bridge.Direction));
    }

    [Fact]
    public void Plain_offer_to_a_G711_only_answerer()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: false);
        OfferAnswerResult answered = OfferAnswer.Answer(offer, 30000, Bridge with { Preference = [CodecSpec.Pcma] });

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, answered.Answer!, Caller);

        Assert.Equal(CodecSpec.Pcma, applied.Audio!.Codec);
        Assert.Equal(8, applied.Audio.PayloadType);
        Assert.Equal(101, applied.Audio.TelephoneEventPayloadType);
        Assert.False(applied.Audio.IsSecure);
    }

    private static SessionDescription Answer(string media) =>
        SdpSamples.Parse("v=0\no=b 5 6 IN IP4 203.0.113.9\ns=-\nc=IN IP4 203.0.113.9\nt=0 0\n" + media);

    [Fact]
    public void Answer_without_rtpmap_for_a_dynamic_type_uses_our_offer_and_its_order_decides()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: false);

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, Answer("m=audio 7000 RTP/AVP 0 96 101\na=sendonly\n"), Caller);

        Assert.Equal(CodecSpec.Pcmu, applied.Audio!.Codec);
        Assert.Equal(101, applied.Audio.TelephoneEventPayloadType);
        Assert.Equal(8000, applied.Audio.TelephoneEventClockRate);
        Assert.Equal(MediaDirection.RecvOnly, applied.Audio.Direction);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.9"), 7001), applied.Audio.RemoteRtcp);
        Assert.False(applied.Audio.RtcpMux);
    }

    [Fact]
    public void Answer_with_a_payload_type_we_did_not_offer_is_refused()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller with { Preference = [CodecSpec.Pcmu] }, secure: false);

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, Answer("m=audio 7000 RTP/AVP 8\n"), Caller);

        Assert.Equal((false, 488, "No common codec in answer"), (applied.Success, applied.FailureStatus, applied.FailureReason));
    }

    [Fact]
    public void Secure_offer_answered_without_crypto_is_refused()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: true);

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, Answer("m=audio 7000 RTP/SAVP 0\n"), Caller);

        Assert.Equal("Answer has no crypto", applied.FailureReason);
    }

    [Fact]
    public void Secure_offer_answered_with_a_tag_or_suite_we_did_not_offer_is_refused()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: true);
        string wrongTag = SdesCrypto.Generate(9, SrtpSuite.AesCm128HmacSha1_80).ToAttributeValue();
        string wrongSuite = SdesCrypto.Generate(1, SrtpSuite.AesCm128HmacSha1_32).ToAttributeValue();

        Assert.Equal("Answer crypto does not match the offer", OfferAnswer.ApplyAnswer(offer, Answer($"m=audio 7000 RTP/SAVP 0\na=crypto:{wrongTag}\n"), Caller).FailureReason);
        Assert.Equal("Answer crypto does not match the offer", OfferAnswer.ApplyAnswer(offer, Answer($"m=audio 7000 RTP/SAVP 0\na=crypto:{wrongSuite}\n"), Caller).FailureReason);
    }

    [Fact]
    public void Secure_offer_answered_with_the_second_suite_uses_that_key()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: true);
        SdesCrypto theirs = SdesCrypto.Generate(3, SrtpSuite.AeadAes128Gcm);

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, Answer($"m=audio 7000 RTP/SAVP 0\na=crypto:{theirs.ToAttributeValue()}\n"), Caller);

        Assert.Equal(theirs.MasterKey, applied.Audio!.RemoteCrypto!.MasterKey);
        Assert.Equal(offer.Media[0].GetCryptos()[2].MasterKey, applied.Audio.LocalCrypto!.MasterKey);
        Assert.Equal(SrtpSuite.AeadAes128Gcm, applied.Audio.LocalCrypto.Suite);
    }

    [Fact]
    public void Refused_stream_changed_transport_and_wrong_line_count_are_488()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: false);

        Assert.Equal("Audio stream refused by the answer", OfferAnswer.ApplyAnswer(offer, Answer("m=audio 0 RTP/AVP 0\n"), Caller).FailureReason);
        Assert.Equal("Answer changed the media transport", OfferAnswer.ApplyAnswer(offer, Answer("m=audio 7000 RTP/SAVP 0\n"), Caller).FailureReason);
        Assert.Equal("Answer has a different number of media lines", OfferAnswer.ApplyAnswer(offer, Answer("m=audio 7000 RTP/AVP 0\nm=video 0 RTP/AVP 96\n"), Caller).FailureReason);
    }

    [Fact]
    public void Answer_holding_with_0_0_0_0_stops_our_sending()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(40000, Caller, secure: false);

        OfferAnswerResult applied = OfferAnswer.ApplyAnswer(offer, SdpSamples.Parse("v=0\no=b 5 6 IN IP4 203.0.113.9\ns=-\nc=IN IP4 0.0.0.0\nt=0 0\nm=audio 7000 RTP/AVP 0\n"), Caller);

        Assert.Equal(MediaDirection.RecvOnly, applied.Audio!.Direction);
    }

    [Fact]
    public void Direction_helpers_follow_RFC_3264()
    {
        Assert.Equal(MediaDirection.RecvOnly, MediaDirection.SendOnly.Answer(MediaDirection.SendRecv));
        Assert.Equal(MediaDirection.SendOnly, MediaDirection.RecvOnly.Answer(MediaDirection.SendRecv));
        Assert.Equal(MediaDirection.Inactive, MediaDirection.SendOnly.Answer(MediaDirection.SendOnly));
        Assert.Equal(MediaDirection.Inactive, MediaDirection.Inactive.Answer(MediaDirection.SendRecv));
        Assert.True(MediaDirectionExtensions.TryParseAttributeName("SENDONLY", out MediaDirection parsed));
        Assert.Equal(MediaDirection.SendOnly, parsed);
        Assert.False(MediaDirectionExtensions.TryParseAttributeName("rtcp-mux", out _));
        Assert.Equal("inactive", MediaDirection.Inactive.ToAttributeName());
    }

    [Fact]
    public void Configured_names_cannot_break_lines_and_unknown_suites_are_left_out()
    {
        NegotiationOptions odd = Caller with { OriginUsername = "Bridge Server", SessionName = "Conf\r\na=evil", SrtpSuites = ["ROT13", SrtpSuite.AeadAes128Gcm] };

        SessionDescription offer = OfferAnswer.CreateOffer(40000, odd, secure: true);

        Assert.Equal("Bridge_Server", offer.Origin.Username);
        Assert.True(SessionDescription.TryParse(offer.ToString(), out SessionDescription? reparsed, out _));
        Assert.Empty(reparsed.Attributes);
        SdesCrypto key = Assert.Single(reparsed.Media[0].GetCryptos());
        Assert.Equal((1, SrtpSuite.AeadAes128Gcm), (key.Tag, key.Suite));
        Assert.Throws<ArgumentException>(() => OfferAnswer.CreateOffer(40000, Caller with { SrtpSuites = ["ROT13"] }, secure: true));
    }
}
