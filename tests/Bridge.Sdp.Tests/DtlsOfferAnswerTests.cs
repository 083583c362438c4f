using System.Net;
using Bridge.Sdp.Tests.WebRtc;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp.Tests;

/// <summary>DTLS-SRTP offers from SIP phones (RFC 5763 §5, RFC 5764 §8) through the SIP offer/answer.</summary>
public sealed class DtlsOfferAnswerTests
{
    private static readonly NegotiationOptions Secure = new()
    {
        MediaAddress = IPAddress.Parse("192.0.2.1"),
        Srtp = SrtpPolicy.Required,
        DtlsFingerprint = WebRtcTestData.LocalFingerprint,
    };

    private static string Captured => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WebRtc", "testdata", "baresip-1.0-dtls-srtp-offer.sdp"));

    private static string MediaLevel(string setup = "actpass", string fingerprint = "sha-256 26:4C:7C:A9:A6:0D:BE:FC:9C:50:52:EE:5F:3C:5E:9C:21:C5:C6:BF:BF:71:ED:10:A5:F8:18:80:3D:A3:A9:10") =>
        "v=0\no=- 1 1 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\n"
        + "m=audio 24416 UDP/TLS/RTP/SAVP 0 101\n"
        + $"a=fingerprint:{fingerprint}\na=setup:{setup}\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=sendrecv\na=rtcp-mux\na=ptime:20\n";

    [Fact]
    public void Captured_baresip_offer_is_answered_passive_with_our_fingerprint_and_no_crypto()
    {
        OfferAnswerResult result = OfferAnswer.Answer(SdpSamples.Parse(Captured), 30000, Secure);

        Assert.True(result.Success, result.FailureReason);
        NegotiatedAudio audio = result.Audio!;
        Assert.True(audio.IsSecure);
        Assert.NotNull(audio.Dtls);
        Assert.False(audio.Dtls.IsDtlsClient);
        Assert.Null(audio.LocalCrypto);
        Assert.False(audio.RtcpMux); // not offered: RTCP on port + 1, its own DTLS association (RFC 5764 §4.1)
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 24771), audio.RemoteRtcp);
        Assert.Equal("UDP/TLS/RTP/SAVPF", audio.Protocol);
        Assert.Equal(CodecSpec.Pcmu, audio.Codec);

        MediaDescription answer = Assert.Single(result.Answer!.Media);
        Assert.Equal("UDP/TLS/RTP/SAVPF", answer.Protocol);
        Assert.Equal("passive", answer.GetAttribute("setup"));
        Assert.Equal(WebRtcTestData.LocalFingerprint.ToAttributeValue(), answer.GetAttribute("fingerprint"));
        Assert.Empty(answer.GetAttributes("crypto"));
        Assert.Null(answer.GetAttribute("rtcp-mux"));
    }

    [Fact]
    public void Passive_offer_makes_us_the_dtls_client_and_rtcp_mux_is_kept()
    {
        OfferAnswerResult result = OfferAnswer.Answer(SdpSamples.Parse(MediaLevel("passive")), 30000, Secure);

        Assert.True(result.Success, result.FailureReason);
        Assert.True(result.Audio!.Dtls!.IsDtlsClient);
        Assert.True(result.Audio.RtcpMux);
        MediaDescription answer = Assert.Single(result.Answer!.Media);
        Assert.Equal("active", answer.GetAttribute("setup"));
        Assert.Equal("UDP/TLS/RTP/SAVP", answer.Protocol);
    }

    [Theory]
    [InlineData("a=fingerprint:", null, "DTLS-SRTP offer refused: missing a=fingerprint")]
    [InlineData("a=fingerprint:", "a=fingerprint:sha-256 00:11", "DTLS-SRTP offer refused: a=fingerprint sha-256 has 2 bytes, expected 32")]
    [InlineData("a=setup:", "a=setup:holdconn", "DTLS-SRTP offer refused: a=setup:holdconn")]
    [InlineData("m=audio", "m=audio 24416 UDP/TLS/RTP/AVP 0 101", "DTLS-SRTP is not supported here")]
    public void Bad_dtls_offers_get_488_with_the_reason(string prefix, string? replacement, string expected)
    {
        OfferAnswerResult result = OfferAnswer.Answer(SdpSamples.Parse(WebRtcTestData.Edit(MediaLevel(), prefix, replacement)), 30000, Secure);

        Assert.False(result.Success);
        Assert.Equal(488, result.FailureStatus);
        Assert.StartsWith(expected, result.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_certificate_or_with_plain_policy_dtls_is_refused()
    {
        SessionDescription offer = SdpSamples.Parse(MediaLevel());

        Assert.Equal("DTLS-SRTP is not supported here", OfferAnswer.Answer(offer, 30000, Secure with { DtlsFingerprint = null }).FailureReason);
        Assert.Equal("Secure media not supported", OfferAnswer.Answer(offer, 30000, Secure with { Srtp = SrtpPolicy.Disabled }).FailureReason);
    }

    [Fact]
    public void Optional_policy_prefers_the_dtls_line_over_a_plain_one()
    {
        string text = MediaLevel().Replace("m=audio 24416", "m=audio 24000 RTP/AVP 0\nm=audio 24416", StringComparison.Ordinal);
        OfferAnswerResult result = OfferAnswer.Answer(SdpSamples.Parse(text), 30000, Secure with { Srtp = SrtpPolicy.Optional });

        Assert.True(result.Success, result.FailureReason);
        Assert.Equal(1, result.Audio!.MediaIndex);
        Assert.NotNull(result.Audio.Dtls);
        Assert.Equal([0, 30000], result.Answer!.Media.Select(m => m.Port));
    }

    [Fact]
    public void Re_offer_with_the_same_fingerprint_keeps_the_session_and_a_changed_one_is_488()
    {
        var session = new OfferAnswerSession(Secure, 30000);
        Assert.True(session.AnswerInitialOffer(SdpSamples.Parse(MediaLevel())).Success);

        RenegotiationResult hold = session.AnswerReOffer(SdpSamples.Parse(MediaLevel().Replace("a=sendrecv", "a=sendonly", StringComparison.Ordinal)));
        Assert.True(hold.Success, hold.FailureReason);
        Assert.Equal(MediaChanges.Direction, hold.Changes);
        Assert.Equal("passive", hold.Description!.Media[0].GetAttribute("setup"));

        string other = "sha-256 " + string.Join(':', Enumerable.Repeat("AB", 32));
        RenegotiationResult changed = session.AnswerReOffer(SdpSamples.Parse(MediaLevel(fingerprint: other)));
        Assert.False(changed.Success);
        Assert.Contains("changed DTLS fingerprint", changed.FailureReason, StringComparison.Ordinal);

        RenegotiationResult role = session.AnswerReOffer(SdpSamples.Parse(MediaLevel("passive")));
        Assert.False(role.Success);
        Assert.Contains("role change", role.FailureReason, StringComparison.Ordinal);

        string sdes = "v=0\no=- 1 2 IN IP4 127.0.0.1\ns=-\nc=IN IP4 127.0.0.1\nt=0 0\nm=audio 24416 RTP/SAVP 0\n"
            + "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\n";
        RenegotiationResult switched = session.AnswerReOffer(SdpSamples.Parse(sdes));
        Assert.False(switched.Success);
        Assert.Contains("keying", switched.FailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Our_re_offer_on_a_dtls_call_keeps_protocol_role_and_fingerprint()
    {
        var session = new OfferAnswerSession(Secure, 30000);
        Assert.True(session.AnswerInitialOffer(SdpSamples.Parse(MediaLevel())).Success);

        MediaDescription offered = Assert.Single(session.CreateOffer(secure: true).Media);
        Assert.Equal("UDP/TLS/RTP/SAVP", offered.Protocol);
        Assert.Equal("passive", offered.GetAttribute("setup"));
        Assert.Equal(WebRtcTestData.LocalFingerprint.ToAttributeValue(), offered.GetAttribute("fingerprint"));
        Assert.Empty(offered.GetAttributes("crypto"));

        string answer = MediaLevel("active");
        RenegotiationResult kept = session.ApplyAnswer(SdpSamples.Parse(answer));
        Assert.True(kept.Success, kept.FailureReason);

        session.CreateOffer(secure: true);
        string other = "sha-256 " + string.Join(':', Enumerable.Repeat("CD", 32));
        RenegotiationResult changed = session.ApplyAnswer(SdpSamples.Parse(MediaLevel("active", other)));
        Assert.False(changed.Success);
    }
}
