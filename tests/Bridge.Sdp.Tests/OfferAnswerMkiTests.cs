using System.Net;

namespace Bridge.Sdp.Tests;

/// <summary>
/// SDES keys with an MKI (RFC 4568 §6.1 <c>|n:m</c>, RFC 3711 §3.1) are not supported: such lines are skipped, so an offer
/// with only MKI keys is 488 when SRTP is required and falls back to plain RTP when it is optional (never silent audio).
/// </summary>
public sealed class OfferAnswerMkiTests
{
    private const string Key30 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    private const string MkiLine = "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + Key30 + "|2^20|1:4\n";
    private static readonly NegotiationOptions Options = new() { MediaAddress = IPAddress.Parse("192.0.2.1") };

    private static string Offer(string protocol, string cryptoLines) =>
        "v=0\no=peer 1 1 IN IP4 198.51.100.5\ns=-\nc=IN IP4 198.51.100.5\nt=0 0\nm=audio 4000 " + protocol + " 0\n" + cryptoLines;

    private static OfferAnswerResult Answer(string offer, SrtpPolicy policy) =>
        OfferAnswer.Answer(SdpSamples.Parse(offer), 30000, Options with { Srtp = policy });

    [Theory]
    [InlineData(SrtpPolicy.Required)]
    [InlineData(SrtpPolicy.Optional)]
    public void Secure_profile_with_only_an_MKI_key_is_488(SrtpPolicy policy)
    {
        OfferAnswerResult result = Answer(Offer("RTP/SAVP", MkiLine), policy);

        Assert.Equal((false, 488), (result.Success, result.FailureStatus));
    }

    [Fact]
    public void Required_srtp_with_an_MKI_key_on_a_plain_profile_is_488()
    {
        OfferAnswerResult result = Answer(Offer("RTP/AVP", MkiLine), SrtpPolicy.Required);

        Assert.Equal((false, 488), (result.Success, result.FailureStatus));
    }

    [Fact]
    public void Optional_srtp_with_an_MKI_key_on_a_plain_profile_falls_back_to_plain_rtp()
    {
        OfferAnswerResult result = Answer(Offer("RTP/AVP", MkiLine), SrtpPolicy.Optional);

        Assert.True(result.Success, result.FailureReason);
        Assert.False(result.Audio!.IsSecure);
        Assert.Null(result.Audio.RemoteCrypto);
        Assert.Empty(result.Answer!.Media[0].GetAttributes("crypto"));
    }

    [Fact]
    public void An_MKI_line_is_skipped_for_the_next_usable_one()
    {
        string lines = MkiLine + "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:" + Key30 + "\n";
        OfferAnswerResult result = Answer(Offer("RTP/SAVP", lines), SrtpPolicy.Required);

        Assert.True(result.Success, result.FailureReason);
        Assert.Equal((2, SrtpSuite.AesCm128HmacSha1_32, 0), (result.Audio!.RemoteCrypto!.Tag, result.Audio.RemoteCrypto.Suite, result.Audio.RemoteCrypto.MkiLength));
        Assert.StartsWith("2 AES_CM_128_HMAC_SHA1_32 inline:", Assert.Single(result.Answer!.Media[0].GetAttributes("crypto")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_that_adds_an_MKI_to_our_key_is_refused()
    {
        SessionDescription offer = OfferAnswer.CreateOffer(30000, Options, secure: true);
        string ours = offer.Media[0].GetAttributes("crypto").First();
        Assert.True(SdesCrypto.TryParse(ours, out SdesCrypto? local, out _));
        string key = local.Suite == SrtpSuite.AesCm128HmacSha1_80 || local.Suite == SrtpSuite.AesCm128HmacSha1_32 ? Key30 : ours.Split(' ')[2]["inline:".Length..];
        string plain = Offer(offer.Media[0].Protocol, $"a=crypto:{local.Tag} {local.Suite} inline:{key}\n");
        string withMki = Offer(offer.Media[0].Protocol, $"a=crypto:{local.Tag} {local.Suite} inline:{key}|1:4\n");

        Assert.True(OfferAnswer.ApplyAnswer(offer, SdpSamples.Parse(plain), Options).Success);
        Assert.False(OfferAnswer.ApplyAnswer(offer, SdpSamples.Parse(withMki), Options).Success);
    }
}
