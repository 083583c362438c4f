using System.Net;

namespace Bridge.Sdp.Tests;

/// <summary>Exact INVITE bodies captured from real peers (see TestData/README.md).</summary>
public sealed class CapturedPeerTests
{
    private static readonly NegotiationOptions Options = new() { MediaAddress = IPAddress.Parse("192.0.2.1") };

    private static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    [Theory]
    [InlineData("baresip-1.0.0-srtp.sdp")]
    [InlineData("baresip-1.0.0-plain.sdp")]
    [InlineData("sipp-3.6-uac.sdp")]
    public void Captured_bodies_round_trip_byte_exact(string name)
    {
        byte[] body = Load(name);

        Assert.True(SessionDescription.TryParse(body, out SessionDescription? sdp, out string? error), error);
        Assert.Equal(body, sdp.ToBytes());
    }

    [Fact]
    public void Baresip_srtp_offer_gets_opus_and_an_AES_CM_128_key()
    {
        Assert.True(SessionDescription.TryParse(Load("baresip-1.0.0-srtp.sdp"), out SessionDescription? offer, out _));

        OfferAnswerResult result = OfferAnswer.Answer(offer, 30000, Options);

        NegotiatedAudio audio = result.Audio!;
        Assert.Equal(CodecSpec.Opus, audio.Codec);
        Assert.Equal(96, audio.PayloadType);
        Assert.Equal("stereo=1;sprop-stereo=1", audio.RemoteFormatParameters);
        Assert.Equal(101, audio.TelephoneEventPayloadType);
        Assert.Equal(8000, audio.TelephoneEventClockRate);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 24462), audio.RemoteRtp);
        Assert.Equal(SrtpSuite.AesCm128HmacSha1_80, audio.RemoteCrypto!.Suite);
        Assert.Equal(1, audio.LocalCrypto!.Tag);
        Assert.Equal(MediaDirection.SendRecv, audio.Direction);
        Assert.Contains("m=audio 30000 RTP/SAVP 96 101\r\n", result.Answer!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Baresip_plain_offer_with_G722_at_16k_in_its_config_is_answered_G722_8000()
    {
        Assert.True(SessionDescription.TryParse(Load("baresip-1.0.0-plain.sdp"), out SessionDescription? offer, out _));

        OfferAnswerResult result = OfferAnswer.Answer(offer, 30000, Options);

        Assert.Equal(CodecSpec.G722, result.Audio!.Codec);
        Assert.Equal(9, result.Audio.PayloadType);
        Assert.False(result.Audio.IsSecure);
        Assert.Equal("Secure media required", OfferAnswer.Answer(offer, 30000, Options with { Srtp = SrtpPolicy.Required }).FailureReason);
    }
}
