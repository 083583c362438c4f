using System.Net;

namespace Bridge.Sdp.Tests;

public sealed class OfferAnswerSrtpTests
{
    private static readonly NegotiationOptions Options = new() { MediaAddress = IPAddress.Parse("192.0.2.1") };

    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";

    private static OfferAnswerResult Answer(string offer, NegotiationOptions? options = null) =>
        OfferAnswer.Answer(SdpSamples.Parse(offer), 30000, options ?? Options);

    private static string Offer(string protocol, string cryptoLines) =>
        "v=0\no=peer 1 1 IN IP4 198.51.100.5\ns=-\nc=IN IP4 198.51.100.5\nt=0 0\nm=audio 4000 " + protocol + " 0\n" + cryptoLines;

    private static SdesCrypto AnsweredCrypto(OfferAnswerResult result)
    {
        string value = Assert.Single(result.Answer!.Media[result.Audio!.MediaIndex].GetAttributes("crypto"));
        Assert.True(SdesCrypto.TryParse(value, out SdesCrypto? crypto, out string? error), error);
        return crypto;
    }

    [Fact]
    public void First_offered_supported_suite_is_answered_with_same_tag_and_our_fresh_30_byte_key()
    {
        OfferAnswerResult result = Answer(SdpSamples.BaresipSrtp);

        Assert.True(result.Success);
        NegotiatedAudio audio = result.Audio!;
        Assert.True(audio.IsSecure);
        Assert.Equal("RTP/SAVP", audio.Protocol);
        Assert.Equal((1, SrtpSuite.AesCm128HmacSha1_80), (audio.RemoteCrypto!.Tag, audio.RemoteCrypto.Suite));
        Assert.Equal(Convert.FromBase64String(Key30)[..16], audio.RemoteCrypto.MasterKey);
        Assert.Equal(0, audio.RemoteCrypto.MkiLength);
        Assert.Equal(1UL << 20, audio.RemoteCrypto.Lifetime);

        SdesCrypto answered = AnsweredCrypto(result);
        Assert.Equal((1, SrtpSuite.AesCm128HmacSha1_80), (answered.Tag, answered.Suite));
        Assert.Equal(audio.LocalCrypto!.MasterKey, answered.MasterKey);
        Assert.Equal(audio.LocalCrypto.MasterSalt, answered.MasterSalt);
        Assert.NotEqual(audio.RemoteCrypto.MasterKey, audio.LocalCrypto.MasterKey);
        Assert.Equal(0, answered.MkiLength);
        Assert.Matches(@"^1 AES_CM_128_HMAC_SHA1_80 inline:[A-Za-z0-9+/]{40}$", result.Answer!.Media[0].GetAttribute("crypto"));
        Assert.StartsWith("m=audio 30000 RTP/SAVP 9 101", result.Answer.ToString().Split("\r\n")[5], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SrtpSuite.AeadAes128Gcm, 4, 28)]
    [InlineData(SrtpSuite.Aes256CmHmacSha1_80, 3, 46)]
    [InlineData(SrtpSuite.AesCm128HmacSha1_32, 2, 30)]
    public void Suite_restricted_by_options_picks_the_matching_offered_line(string suite, int tag, int materialLength)
    {
        OfferAnswerResult result = Answer(SdpSamples.BaresipSrtp, Options with { SrtpSuites = [suite] });

        SdesCrypto answered = AnsweredCrypto(result);
        Assert.Equal((tag, suite), (answered.Tag, answered.Suite));
        string base64 = result.Answer!.Media[0].GetAttribute("crypto")!.Split(' ')[2]["inline:".Length..];
        Assert.Equal(materialLength, Convert.FromBase64String(base64).Length);
        Assert.Equal((tag, suite), (result.Audio!.RemoteCrypto!.Tag, result.Audio.RemoteCrypto.Suite));
    }

    [Fact]
    public void Offer_order_wins_over_our_suite_order()
    {
        OfferAnswerResult result = Answer(SdpSamples.BaresipSrtp, Options with { SrtpSuites = [SrtpSuite.AeadAes128Gcm, SrtpSuite.AesCm128HmacSha1_32] });

        Assert.Equal(2, AnsweredCrypto(result).Tag);
    }

    [Fact]
    public void Secure_offer_with_no_supported_suite_is_488()
    {
        OfferAnswerResult result = Answer(Offer("RTP/SAVP", $"a=crypto:1 F8_128_HMAC_SHA1_80 inline:{Key30}\na=crypto:2 NULL_HMAC_SHA1_80 inline:{Key30}\n"));

        Assert.Equal((false, 488, "No acceptable crypto suite"), (result.Success, result.FailureStatus, result.FailureReason));
    }

    [Fact]
    public void Secure_offer_without_crypto_is_488()
    {
        Assert.Equal("No acceptable crypto suite", Answer(Offer("RTP/SAVP", string.Empty)).FailureReason);
    }

    [Fact]
    public void Crypto_line_with_unsupported_session_parameters_is_skipped()
    {
        OfferAnswerResult result = Answer(Offer("RTP/SAVP", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30} UNENCRYPTED_SRTCP\na=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:{Key30} WSH=128\n"));

        Assert.Equal(2, AnsweredCrypto(result).Tag);
        Assert.Equal("No acceptable crypto suite", Answer(Offer("RTP/SAVP", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30} KDR=24\n")).FailureReason);
    }

    [Fact]
    public void Savpf_offer_is_answered_savpf()
    {
        OfferAnswerResult result = Answer(Offer("RTP/SAVPF", $"a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:{Key30}\n"));

        Assert.Equal("RTP/SAVPF", result.Answer!.Media[0].Protocol);
        Assert.True(result.Audio!.IsSecure);
    }

    [Fact]
    public void Disabled_policy_refuses_a_secure_only_offer()
    {
        OfferAnswerResult result = Answer(SdpSamples.BaresipSrtp, Options with { Srtp = SrtpPolicy.Disabled });

        Assert.Equal((false, 488, "Secure media not supported"), (result.Success, result.FailureStatus, result.FailureReason));
    }

    [Fact]
    public void Required_policy_refuses_a_plain_offer()
    {
        OfferAnswerResult result = Answer(SdpSamples.Baresip, Options with { Srtp = SrtpPolicy.Required });

        Assert.Equal((false, 488, "Secure media required"), (result.Success, result.FailureStatus, result.FailureReason));
    }

    [Fact]
    public void Required_policy_accepts_a_secure_offer()
    {
        Assert.True(Answer(SdpSamples.BaresipSrtp, Options with { Srtp = SrtpPolicy.Required }).Audio!.IsSecure);
    }

    [Fact]
    public void Best_effort_crypto_on_RTP_AVP_is_used_when_optional()
    {
        OfferAnswerResult result = Answer(Offer("RTP/AVP", $"a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:{Key30}\n"));

        Assert.True(result.Audio!.IsSecure);
        Assert.Equal("RTP/AVP", result.Answer!.Media[0].Protocol);
        Assert.Equal(3, AnsweredCrypto(result).Tag);
    }

    [Fact]
    public void Best_effort_crypto_on_RTP_AVP_satisfies_required_policy()
    {
        Assert.True(Answer(Offer("RTP/AVP", $"a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:{Key30}\n"), Options with { Srtp = SrtpPolicy.Required }).Audio!.IsSecure);
    }

    [Fact]
    public void Best_effort_crypto_is_ignored_when_disabled_or_unusable()
    {
        OfferAnswerResult disabled = Answer(Offer("RTP/AVP", $"a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:{Key30}\n"), Options with { Srtp = SrtpPolicy.Disabled });
        OfferAnswerResult unusable = Answer(Offer("RTP/AVP", "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:short\n"));
        OfferAnswerResult requiredUnusable = Answer(Offer("RTP/AVP", "a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:short\n"), Options with { Srtp = SrtpPolicy.Required });

        Assert.False(disabled.Audio!.IsSecure);
        Assert.Null(disabled.Answer!.Media[0].GetAttribute("crypto"));
        Assert.False(unusable.Audio!.IsSecure);
        Assert.Null(unusable.Answer!.Media[0].GetAttribute("crypto"));
        Assert.Equal("No acceptable crypto suite", requiredUnusable.FailureReason);
    }

    [Fact]
    public void Each_answer_gets_a_new_key()
    {
        byte[] first = Answer(SdpSamples.BaresipSrtp).Audio!.LocalCrypto!.MasterKey;
        byte[] second = Answer(SdpSamples.BaresipSrtp).Audio!.LocalCrypto!.MasterKey;

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Re_offer_with_the_same_suite_keeps_our_key_and_a_new_suite_gets_a_new_one()
    {
        var version = new SdpSessionVersion();
        SessionDescription offer = SdpSamples.Parse(SdpSamples.BaresipSrtp);
        SdesCrypto first = OfferAnswer.Answer(offer, 30000, Options, version).Audio!.LocalCrypto!;

        OfferAnswerResult refresh = OfferAnswer.Answer(offer, 30000, Options, version, first);
        OfferAnswerResult otherSuite = OfferAnswer.Answer(offer, 30000, Options with { SrtpSuites = [SrtpSuite.AeadAes128Gcm] }, version, first);

        Assert.Equal(first.MasterKey, refresh.Audio!.LocalCrypto!.MasterKey);
        Assert.Equal(first.MasterSalt, AnsweredCrypto(refresh).MasterSalt);
        Assert.Equal("2", refresh.Answer!.Origin.SessionVersion);
        Assert.Equal(4, otherSuite.Audio!.LocalCrypto!.Tag);
        Assert.Equal(16, otherSuite.Audio.LocalCrypto.MasterKey.Length);
        Assert.Equal(12, otherSuite.Audio.LocalCrypto.MasterSalt.Length);
    }
}
