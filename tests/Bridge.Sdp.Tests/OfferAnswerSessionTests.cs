using System.Net;

namespace Bridge.Sdp.Tests;

/// <summary>Re-offers inside a dialog (RFC 3264 §8): hold, resume, moves, codec changes, re-keying, port 0, offers without SDP.</summary>
public sealed class OfferAnswerSessionTests
{
    private const int LocalPort = 30000;
    private const string Key1 = "WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz";
    private const string Key2 = "d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj";
    private static readonly NegotiationOptions Options = new() { MediaAddress = IPAddress.Parse("192.0.2.1") };

    private static SessionDescription Sdp(string media, string address = "198.51.100.5", int version = 1) =>
        SdpSamples.Parse($"v=0\no=peer 7 {version} IN IP4 198.51.100.5\ns=-\nc=IN IP4 {address}\nt=0 0\n{media}");

    private static string Audio(int port = 4000, string formats = "0 8 101", string direction = "sendrecv", string protocol = "RTP/AVP", string extra = "") =>
        $"m=audio {port} {protocol} {formats}\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\na=rtpmap:9 G722/8000\na=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na={direction}\n{extra}";

    private static string Crypto(string key, string suite = "AES_CM_128_HMAC_SHA1_80", int tag = 1) => $"a=crypto:{tag} {suite} inline:{key}\n";

    private static (OfferAnswerSession Session, OfferAnswerResult First) Established(string media, NegotiationOptions? options = null)
    {
        var session = new OfferAnswerSession(options ?? Options, LocalPort);
        var first = session.AnswerInitialOffer(Sdp(media));
        Assert.True(first.Success, first.FailureReason);
        return (session, first);
    }

    private static string[] OriginOf(SessionDescription description) => description.Origin.ToString().Split(' ');

    private static string MediaLine(SessionDescription description) => description.ToString().Split("\r\n").Single(l => l.StartsWith("m=", StringComparison.Ordinal));

    [Fact]
    public void A_repeated_offer_gets_the_same_answer_with_the_same_version()
    {
        var (session, first) = Established(Audio());

        var again = session.AnswerReOffer(Sdp(Audio(), version: 2));

        Assert.True(again.Success);
        Assert.Equal(MediaChanges.None, again.Changes);
        Assert.Equal(first.Answer!.ToString(), again.Description!.ToString());
        Assert.Equal("1", OriginOf(again.Description)[2]);
    }

    [Theory]
    [InlineData("sendonly", "198.51.100.5", "recvonly", MediaDirection.RecvOnly)]
    [InlineData("inactive", "198.51.100.5", "inactive", MediaDirection.Inactive)]
    [InlineData("sendrecv", "0.0.0.0", "recvonly", MediaDirection.RecvOnly)]
    public void Hold_is_answered_recvonly_or_inactive_with_the_next_version_and_the_same_session_id(string offered, string address, string answered, MediaDirection ours)
    {
        var (session, first) = Established(Audio());

        var hold = session.AnswerReOffer(Sdp(Audio(direction: offered), address, version: 2));

        Assert.True(hold.Success, hold.FailureReason);
        Assert.Equal(MediaChanges.Direction, hold.Changes);
        Assert.Equal(ours, hold.Audio!.Direction);
        Assert.Contains("a=" + answered, hold.Description!.ToString(), StringComparison.Ordinal);
        Assert.Equal(OriginOf(first.Answer!)[1], OriginOf(hold.Description)[1]);
        Assert.Equal("2", OriginOf(hold.Description)[2]);
        // c=0.0.0.0 (RFC 3264 §8.4) does not move the media: resume goes back to the address we had.
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.5"), 4000), hold.Audio.RemoteRtp);
        Assert.Equal($"m=audio {LocalPort} RTP/AVP 0 101", MediaLine(hold.Description));
    }

    [Fact]
    public void Resume_after_hold_is_sendrecv_again_with_a_higher_version()
    {
        var (session, _) = Established(Audio());
        session.AnswerReOffer(Sdp(Audio(direction: "sendonly"), version: 2));

        var resume = session.AnswerReOffer(Sdp(Audio(), version: 3));

        Assert.Equal(MediaChanges.Direction, resume.Changes);
        Assert.Equal(MediaDirection.SendRecv, resume.Audio!.Direction);
        Assert.Contains("a=sendrecv", resume.Description!.ToString(), StringComparison.Ordinal);
        Assert.Equal("3", OriginOf(resume.Description)[2]);
    }

    [Fact]
    public void A_new_address_and_port_move_the_media_and_keep_our_port()
    {
        var (session, _) = Established(Audio());

        var moved = session.AnswerReOffer(Sdp(Audio(port: 5002), address: "198.51.100.9", version: 2));

        Assert.Equal(MediaChanges.RemoteAddress, moved.Changes);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 5002), moved.Audio!.RemoteRtp);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("198.51.100.9"), 5003), moved.Audio.RemoteRtcp);
        // Our side did not change: the answer is the same description, so its version stays (RFC 3264 §8).
        Assert.Equal("1", OriginOf(moved.Description!)[2]);
    }

    [Fact]
    public void The_codec_changes_within_the_first_set_and_stays_when_still_offered()
    {
        var (session, first) = Established(Audio(formats: "0 8 101"));
        Assert.Equal(CodecSpec.Pcmu, first.Audio!.Codec);
        Assert.Equal([CodecSpec.Pcmu, CodecSpec.Pcma], session.NegotiatedCodecs);

        var reordered = session.AnswerReOffer(Sdp(Audio(formats: "8 0 101"), version: 2));
        Assert.Equal(MediaChanges.None, reordered.Changes);

        var pcma = session.AnswerReOffer(Sdp(Audio(formats: "8 101"), version: 3));
        Assert.Equal(MediaChanges.Codec, pcma.Changes);
        Assert.Equal(CodecSpec.Pcma, pcma.Audio!.Codec);
        Assert.Equal(8, pcma.Audio.PayloadType);
        Assert.Equal($"m=audio {LocalPort} RTP/AVP 8 101", MediaLine(pcma.Description!));
        Assert.Equal("2", OriginOf(pcma.Description!)[2]);
    }

    [Fact]
    public void A_codec_outside_the_first_set_is_refused_and_nothing_changes()
    {
        var (session, first) = Established(Audio(formats: "0 101"));

        var g722 = session.AnswerReOffer(Sdp(Audio(formats: "9 101"), version: 2));

        Assert.False(g722.Success);
        Assert.Equal(488, g722.FailureStatus);
        Assert.Same(first.Audio, session.Audio);
        Assert.Equal("1", OriginOf(session.LocalDescription!)[2]);
    }

    [Fact]
    public void Port_zero_is_answered_with_port_zero_and_disables_the_stream_until_offered_again()
    {
        var (session, _) = Established(Audio());

        var off = session.AnswerReOffer(Sdp(Audio(port: 0), version: 2));

        Assert.True(off.Success);
        Assert.Equal(MediaChanges.Disabled, off.Changes);
        Assert.Null(off.Audio);
        Assert.Null(session.Audio);
        Assert.Equal("m=audio 0 RTP/AVP 0 8 101", MediaLine(off.Description!));
        Assert.Equal("2", OriginOf(off.Description!)[2]);

        var on = session.AnswerReOffer(Sdp(Audio(port: 4100), version: 3));
        Assert.True(on.Success);
        Assert.Equal(MediaChanges.Enabled | MediaChanges.RemoteAddress, on.Changes);
        Assert.Equal(4100, on.Audio!.RemoteRtp.Port);
        Assert.Equal($"m=audio {LocalPort} RTP/AVP 0 101", MediaLine(on.Description!));
    }

    [Fact]
    public void A_new_peer_key_is_a_remote_rekey_and_our_key_stays_with_the_suite()
    {
        var (session, first) = Established(Audio(protocol: "RTP/SAVP", extra: Crypto(Key1)));
        var ourKey = first.Audio!.LocalCrypto!;

        var rekey = session.AnswerReOffer(Sdp(Audio(protocol: "RTP/SAVP", extra: Crypto(Key2)), version: 2));

        Assert.True(rekey.Success, rekey.FailureReason);
        Assert.Equal(MediaChanges.RemoteKey, rekey.Changes);
        Assert.Equal(Convert.FromBase64String(Key2)[..16], rekey.Audio!.RemoteCrypto!.MasterKey);
        Assert.Equal(ourKey.MasterKey, rekey.Audio.LocalCrypto!.MasterKey);
        // Same description from our side (same key): same version.
        Assert.Equal(first.Answer!.ToString(), rekey.Description!.ToString());
    }

    [Fact]
    public void A_new_suite_renews_our_key_too()
    {
        var (session, first) = Established(Audio(protocol: "RTP/SAVP", extra: Crypto(Key1)));

        var rekey = session.AnswerReOffer(Sdp(Audio(protocol: "RTP/SAVP", extra: Crypto(Key2, "AES_CM_128_HMAC_SHA1_32")), version: 2));

        Assert.Equal(MediaChanges.RemoteKey | MediaChanges.LocalKey, rekey.Changes);
        Assert.Equal("AES_CM_128_HMAC_SHA1_32", rekey.Audio!.LocalCrypto!.Suite);
        Assert.NotEqual(first.Audio!.LocalCrypto!.MasterKey, rekey.Audio.LocalCrypto.MasterKey);
        Assert.Equal("2", OriginOf(rekey.Description!)[2]);
    }

    [Fact]
    public void A_secure_call_cannot_turn_into_plain_RTP()
    {
        var (session, _) = Established(Audio(protocol: "RTP/SAVP", extra: Crypto(Key1)));

        var plain = session.AnswerReOffer(Sdp(Audio(), version: 2));

        Assert.False(plain.Success);
        Assert.True(session.Audio!.IsSecure);
    }

    [Fact]
    public void An_offer_without_SDP_gets_our_offer_with_the_current_codec_first_and_the_answer_is_applied()
    {
        var (session, first) = Established(Audio(formats: "8 0 101"));
        Assert.Equal(CodecSpec.Pcmu, first.Audio!.Codec); // our preference decides

        var offer = session.CreateOffer(secure: false);

        Assert.Equal(OriginOf(first.Answer!)[1], OriginOf(offer)[1]);
        Assert.Equal("2", OriginOf(offer)[2]);
        Assert.StartsWith($"m=audio {LocalPort} RTP/AVP 0 8 ", MediaLine(offer), StringComparison.Ordinal);
        Assert.Contains("a=sendrecv", offer.ToString(), StringComparison.Ordinal);

        var answer = session.ApplyAnswer(Sdp(Audio(port: 4200, formats: "8 101", direction: "sendonly"), version: 2));

        Assert.True(answer.Success, answer.FailureReason);
        Assert.Equal(MediaChanges.Direction | MediaChanges.RemoteAddress | MediaChanges.Codec, answer.Changes);
        Assert.Equal(MediaDirection.RecvOnly, answer.Audio!.Direction);
        Assert.Equal(CodecSpec.Pcma, session.Audio!.Codec);
    }

    [Fact]
    public void An_answer_without_a_pending_offer_is_refused()
    {
        var (session, _) = Established(Audio());

        Assert.False(session.ApplyAnswer(Sdp(Audio())).Success);
    }
}
