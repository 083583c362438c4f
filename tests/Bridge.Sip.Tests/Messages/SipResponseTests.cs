using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Messages;

/// <summary>Building and writing responses (RFC 3261 §8.2.6, §12.1.1, §21).</summary>
public sealed class SipResponseTests
{
    private const string Invite =
        "INVITE sip:room@bridge.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2d4790.1\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds8;received=192.0.2.4\r\n" +
        "Max-Forwards: 69\r\n" +
        "Record-Route: <sip:proxy.example.com;lr>\r\n" +
        "To: <sip:room@bridge.example.com>\r\n" +
        "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Timestamp: 54\r\n" +
        "Contact: <sip:alice@192.0.2.4>\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static SipRequest ParseInvite() => (SipRequest)SipParser.ParseDatagram(Encoding.ASCII.GetBytes(Invite), SipParserLimits.Default).Message!;

    [Fact]
    public void Ok_copies_vias_in_order_from_to_call_id_cseq_and_record_route()
    {
        var ok = SipResponse.CreateFor(ParseInvite(), 200);
        ok.Headers.Set("To", ok.To!.WithTag("b7d3").ToString());

        var text = Encoding.UTF8.GetString(ok.ToBytes());

        Assert.Equal(
            "SIP/2.0 200 OK\r\n" +
            "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2d4790.1\r\n" +
            "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds8;received=192.0.2.4\r\n" +
            "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n" +
            "To: <sip:room@bridge.example.com>;tag=b7d3\r\n" +
            "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
            "CSeq: 314159 INVITE\r\n" +
            "Record-Route: <sip:proxy.example.com;lr>\r\n" +
            "Content-Length: 0\r\n\r\n",
            text);
    }

    [Fact]
    public void Trying_copies_timestamp_and_no_record_route()
    {
        var trying = SipResponse.CreateFor(ParseInvite(), 100);

        Assert.Equal("54", trying.Headers["Timestamp"]);
        Assert.False(trying.Headers.Contains("Record-Route"));
        Assert.Equal("Trying", trying.ReasonPhrase);
    }

    [Fact]
    public void Error_responses_do_not_copy_record_route()
    {
        var busy = SipResponse.CreateFor(ParseInvite(), 486);

        Assert.False(busy.Headers.Contains("Record-Route"));
        Assert.Equal("Busy Here", busy.ReasonPhrase);
    }

    [Fact]
    public void Written_response_parses_back_with_body_and_content_length()
    {
        var ok = SipResponse.CreateFor(ParseInvite(), 200, "Fine");
        ok.Headers.Add("Content-Type", "application/sdp");
        ok.Body = "v=0\r\n"u8.ToArray();

        var parsed = SipParser.ParseStream(ok.ToBytes(), SipParserLimits.Default);

        var response = Assert.IsType<SipResponse>(parsed.Message);
        Assert.Equal((200, "Fine"), (response.StatusCode, response.ReasonPhrase));
        Assert.Equal("v=0\r\n", Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("z9hG4bK2d4790.1", response.TopVia!.Branch);
        Assert.Equal("5", response.Headers["Content-Length"]);
    }

    [Fact]
    public void Request_built_from_scratch_is_written_per_rfc()
    {
        var bye = new SipRequest(SipMethods.Bye, SipUri.Parse("sip:alice@192.0.2.4"));
        bye.Headers.Add("Via", new SipVia("UDP", "198.51.100.7", 5060, "z9hG4bKbye1", rport: true).ToString());
        bye.Headers.Add("Max-Forwards", "70");
        bye.Headers.Add("From", "<sip:room@bridge.example.com>;tag=b7d3");
        bye.Headers.Add("To", "\"Alice\" <sip:alice@example.com>;tag=1928301774");
        bye.Headers.Add("Call-ID", "a84b4c76e66710@pc33.example.com");
        bye.Headers.Add("CSeq", new SipCSeq(2, SipMethods.Bye).ToString());

        var parsed = SipParser.ParseDatagram(bye.ToBytes(), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, parsed.Status);
        Assert.StartsWith("BYE sip:alice@192.0.2.4 SIP/2.0\r\nVia: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKbye1;rport\r\n", bye.ToString(), StringComparison.Ordinal);
        Assert.Equal(70, parsed.Message!.MaxForwards);
    }

    [Theory]
    [InlineData(99)]
    [InlineData(700)]
    public void Status_code_out_of_range_throws(int code) => Assert.Throws<ArgumentOutOfRangeException>(() => new SipResponse(code));
}
