using System.Net;
using System.Text;
using Bridge.Calls.Trunks;
using Bridge.DialPlans;
using Bridge.Sdp;

namespace Bridge.Calls.Tests.DialOut;

/// <summary>Issue 12: calls out from a <c>media: secure</c> room offer SDES-SRTP (RFC 4568) and refuse an answer without it;
/// other rooms offer plain RTP.</summary>
public sealed class DialOutMediaTests
{
    private static readonly IPAddress Local = IPAddress.Parse("127.0.0.1");

    private static (OfferAnswerSession Session, SessionDescription Offer) Offer(MediaPolicy media)
    {
        var session = new OfferAnswerSession(DialOutMedia.Options(media, Local, CodecSpec.DefaultPreference), 40000);
        return (session, session.CreateOffer(DialOutMedia.IsSecure(media)));
    }

    /// <summary>What a phone answers: SRTP when it may (<see cref="SrtpPolicy.Optional"/>), as the bridge itself would.</summary>
    private static byte[] PhoneAnswer(SessionDescription offer, SrtpPolicy policy)
    {
        var phone = new OfferAnswerSession(new NegotiationOptions { MediaAddress = IPAddress.Parse("127.0.0.2"), Srtp = policy }, 42000);
        var result = phone.AnswerInitialOffer(offer);
        Assert.True(result.Success, result.FailureReason);
        return result.Answer!.ToBytes();
    }

    [Fact]
    public void A_secure_room_offers_RTP_SAVP_with_crypto_and_takes_an_SRTP_answer()
    {
        var (session, offer) = Offer(MediaPolicy.Secure);

        Assert.Equal("RTP/SAVP", offer.Media[0].Protocol);
        Assert.Contains("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:", offer.ToString(), StringComparison.Ordinal);
        var audio = DialOutMedia.ApplyAnswer(session, PhoneAnswer(offer, SrtpPolicy.Optional), secure: true, out var reason);

        Assert.NotNull(audio);
        Assert.True(audio.IsSecure, reason);
        Assert.NotNull(audio.LocalCrypto);
        Assert.NotNull(audio.RemoteCrypto);
    }

    [Fact]
    public void A_secure_room_refuses_a_plain_RTP_answer()
    {
        var (session, offer) = Offer(MediaPolicy.Secure);
        var plain = PhoneAnswer(offer, SrtpPolicy.Optional);
        var text = Encoding.UTF8.GetString(plain).Replace("RTP/SAVP", "RTP/AVP", StringComparison.Ordinal);
        text = string.Join("\r\n", text.Split("\r\n").Where(l => !l.StartsWith("a=crypto:", StringComparison.Ordinal)));

        var audio = DialOutMedia.ApplyAnswer(session, Encoding.UTF8.GetBytes(text), secure: true, out var reason);

        Assert.Null(audio);
        Assert.Contains("does not accept SRTP", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secure_room_refuses_an_answer_whose_crypto_matches_none_of_ours()
    {
        var (session, offer) = Offer(MediaPolicy.Secure);
        var text = Encoding.UTF8.GetString(PhoneAnswer(offer, SrtpPolicy.Optional)).Replace("a=crypto:1 ", "a=crypto:9 ", StringComparison.Ordinal);

        var audio = DialOutMedia.ApplyAnswer(session, Encoding.UTF8.GetBytes(text), secure: true, out var reason);

        Assert.Null(audio);
        Assert.Contains("crypto", reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(MediaPolicy.PreferSecure)]
    [InlineData(MediaPolicy.Plain)]
    public void Other_rooms_offer_plain_RTP(MediaPolicy media)
    {
        var (session, offer) = Offer(media);

        Assert.Equal("RTP/AVP", offer.Media[0].Protocol);
        Assert.DoesNotContain("a=crypto", offer.ToString(), StringComparison.Ordinal);
        var audio = DialOutMedia.ApplyAnswer(session, PhoneAnswer(offer, SrtpPolicy.Optional), secure: false, out _);
        Assert.NotNull(audio);
        Assert.False(audio.IsSecure);
    }

    [Fact]
    public void An_unreadable_answer_is_refused_with_the_reason()
    {
        var (session, _) = Offer(MediaPolicy.Secure);

        Assert.Null(DialOutMedia.ApplyAnswer(session, "not sdp"u8, secure: true, out var reason));
        Assert.StartsWith("unreadable SDP", reason, StringComparison.Ordinal);
    }
}
