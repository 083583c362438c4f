using System.Text;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Tests.Messages;

/// <summary>RFC 5621 / RFC 2046 §5.1 framing as SIP-I gateways send it.</summary>
public sealed class SipMultipartBodyTests
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    private static SipMultipartBody.Outcome Find(string contentType, string body, out string sdp)
    {
        var outcome = SipMultipartBody.FindSdp(contentType, Encoding.Latin1.GetBytes(body), out var part);
        sdp = Encoding.Latin1.GetString(part.Span);
        return outcome;
    }

    [Fact]
    public void The_SDP_part_is_found_after_a_preamble_and_before_an_optional_binary_part()
    {
        var body = "This is a preamble.\r\n--b1\r\nContent-Type: application/sdp\r\n\r\n" + Sdp +
                   "\r\n--b1\r\nContent-Type: application/ISUP;version=itu-t92+\r\nContent-Disposition: signal; handling=optional\r\n\r\n" +
                   "\u0001\u0010\u00ff\u0000\r\n--b1--\r\nepilogue";

        Assert.Equal(SipMultipartBody.Outcome.Sdp, Find("multipart/mixed; boundary=\"b1\"", body, out var sdp));
        Assert.Equal(Sdp, sdp);
    }

    [Fact]
    public void A_part_without_disposition_is_required()
    {
        var body = "--b1\r\nContent-Type: application/sdp\r\n\r\n" + Sdp + "\r\n--b1\r\nContent-Type: application/ISUP\r\n\r\nxx\r\n--b1--\r\n";

        Assert.Equal(SipMultipartBody.Outcome.UnsupportedRequired, Find("multipart/mixed;boundary=b1", body, out _));
    }

    [Fact]
    public void Only_optional_parts_mean_no_offer()
    {
        var body = "--b1\r\nContent-Type: application/ISUP\r\nContent-Disposition: signal;handling=optional\r\n\r\nxx\r\n--b1--\r\n";

        Assert.Equal(SipMultipartBody.Outcome.NoSdp, Find("multipart/mixed;boundary=b1", body, out _));
    }

    [Theory]
    [InlineData("multipart/mixed", "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b1--\r\n")] // no boundary parameter
    [InlineData("multipart/mixed;boundary=b2", "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--b1--\r\n")] // other boundary
    [InlineData("multipart/mixed;boundary=b1", "--b1\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n")] // never closed
    public void Broken_framing_is_malformed(string contentType, string body)
    {
        Assert.Equal(SipMultipartBody.Outcome.Malformed, Find(contentType, body, out _));
    }
}
