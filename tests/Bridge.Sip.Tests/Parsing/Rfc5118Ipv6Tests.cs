using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>The RFC 5118 §4 IPv6 torture messages, typed in from the RFC (CRLF line ends added, Content-Length computed).</summary>
public sealed class Rfc5118Ipv6Tests
{
    private static SipParseResult Parse(string head, string body = "")
    {
        var text = head.Replace("\n", "\r\n", StringComparison.Ordinal);
        var bodyText = body.Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text + "Content-Length: " + Encoding.UTF8.GetByteCount(bodyText) + "\r\n\r\n" + bodyText);
        return SipParser.ParseDatagram(bytes, SipParserLimits.Default);
    }

    private static SipRequest ParseOk(string head, string body = "")
    {
        var result = Parse(head, body);
        Assert.True(result.Status == SipParseStatus.Ok, result.Error);
        return Assert.IsType<SipRequest>(result.Message);
    }

    [Fact]
    public void Section_4_1_ipv6_good_parses_in_request_uri_via_and_contact()
    {
        var request = ParseOk("""
            REGISTER sip:[2001:db8::10] SIP/2.0
            To: sip:user@example.com
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Max-Forwards: 70
            Contact: "Caller" <sip:caller@[2001:db8::1]>
            CSeq: 98176 REGISTER

            """);

        Assert.Equal("2001:db8::10", request.RequestUri.Host);
        Assert.Null(request.RequestUri.Port);
        Assert.Equal("sip:[2001:db8::10]", request.RequestUri.ToString());
        Assert.Equal("2001:db8::9:1", request.TopVia!.Host);
        Assert.Equal("2001:db8::1", request.Contact!.Uri.Host);
        Assert.Equal("Caller", request.Contact.DisplayName);
    }

    [Fact]
    public void Section_4_2_ipv6_bad_without_brackets_is_answered_400()
    {
        var result = Parse("""
            REGISTER sip:2001:db8::10 SIP/2.0
            To: sip:user@example.com
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Max-Forwards: 70
            Contact: "Caller" <sip:caller@[2001:db8::1]>
            CSeq: 98176 REGISTER

            """);

        Assert.Equal(SipParseStatus.Malformed, result.Status);
        Assert.Equal(SipParseErrors.BadRequestUri, result.Error);
        Assert.Equal(400, result.SuggestedStatusCode);
        Assert.True(result.LooksLikeRequest);
        Assert.Equal("SSG9559905523997077@hlau_4100", result.Message!.CallId);
    }

    [Fact]
    public void Section_4_3_port_inside_the_brackets_is_part_of_the_address()
    {
        var request = ParseOk("""
            REGISTER sip:[2001:db8::10:5070] SIP/2.0
            To: sip:user@example.com
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Contact: "Caller" <sip:caller@[2001:db8::1]>
            Max-Forwards: 70
            CSeq: 98176 REGISTER

            """);

        Assert.Equal("2001:db8::10:5070", request.RequestUri.Host);
        Assert.Null(request.RequestUri.Port);
    }

    [Fact]
    public void Section_4_4_port_after_the_brackets_is_the_port()
    {
        var request = ParseOk("""
            REGISTER sip:[2001:db8::10]:5070 SIP/2.0
            To: sip:user@example.com
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Contact: "Caller" <sip:caller@[2001:db8::1]>
            Max-Forwards: 70
            CSeq: 98176 REGISTER

            """);

        Assert.Equal("2001:db8::10", request.RequestUri.Host);
        Assert.Equal(5070, request.RequestUri.Port);
        Assert.Equal("sip:[2001:db8::10]:5070", request.RequestUri.ToString());
    }

    [Fact]
    public void Section_4_5_received_with_brackets_is_accepted()
    {
        var request = ParseOk("""
            BYE sip:[2001:db8::10] SIP/2.0
            To: sip:user@example.com;tag=bd76ya
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Max-Forwards: 70
            CSeq: 321 BYE

            """);

        Assert.Equal("2001:db8::9:255", request.TopVia!.Received);
        Assert.Equal("z9hG4bKas3-111", request.TopVia.Branch);
    }

    [Fact]
    public void Section_4_5_received_without_brackets_is_accepted()
    {
        var request = ParseOk("""
            OPTIONS sip:[2001:db8::10] SIP/2.0
            To: sip:user@example.com
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3
            Call-ID: SSG95523997077@hlau_4100
            Max-Forwards: 70
            Contact: "Caller" <sip:caller@[2001:db8::9:1]>
            CSeq: 921 OPTIONS

            """);

        Assert.Equal("2001:db8::9:255", request.TopVia!.Received);
        Assert.Equal("z9hG4bKas3", request.TopVia.Branch);
    }

    [Fact]
    public void Section_4_6_ipv6_in_sdp_body_is_kept_byte_exact()
    {
        const string Sdp = """
            v=0
            o=assistant 971731711378798081 0 IN IP6 2001:db8::20
            s=Live video feed for today's meeting
            c=IN IP6 2001:db8::20
            t=3338481189 3370017201
            m=audio 6000 RTP/AVP 2
            a=rtpmap:2 G726-32/8000
            m=video 6024 RTP/AVP 107
            a=rtpmap:107 H263-1998/90000

            """;
        var request = ParseOk(
            """
            INVITE sip:user@[2001:db8::10] SIP/2.0
            To: sip:user@[2001:db8::10]
            From: sip:user@example.com;tag=81x2
            Via: SIP/2.0/UDP [2001:db8::20];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Contact: "Caller" <sip:caller@[2001:db8::20]>
            CSeq: 8612 INVITE
            Max-Forwards: 70
            Content-Type: application/sdp

            """,
            Sdp);

        Assert.Equal("2001:db8::10", request.To!.Uri.Host);
        Assert.Equal(Sdp.Replace("\n", "\r\n", StringComparison.Ordinal), Encoding.UTF8.GetString(request.Body.Span));
    }

    [Fact]
    public void Section_4_7_ipv6_and_ipv4_vias_in_one_message()
    {
        var request = ParseOk("""
            BYE sip:user@host.example.net SIP/2.0
            Via: SIP/2.0/UDP [2001:db8::9:ffff]:5070;branch=z9hG4bKas3-111
            Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKjhja8781hjuaij65144
            Via: SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200
            Call-ID: 997077@lau_4100
            Max-Forwards: 70
            CSeq: 89187 BYE
            To: sip:user@example.net;tag=9817--94
            From: sip:user@example.com;tag=81x2

            """);

        Assert.Equal(3, request.Vias.Count);
        Assert.Equal(("2001:db8::9:ffff", 5070), (request.Vias[0].Host, request.Vias[0].Port!.Value));
        Assert.Equal("192.0.2.1", request.Vias[1].Host);
        Assert.Equal("TCP", request.Vias[2].Transport);
        Assert.Equal("192.0.2.200", request.Vias[2].Received);
    }

    [Fact]
    public void Section_4_9_ipv4_mapped_ipv6_addresses()
    {
        var request = ParseOk(
            """
            INVITE sip:user@example.com SIP/2.0
            To: sip:user@example.com
            From: sip:user@east.example.com;tag=81x2
            Via: SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19
            Via: SIP/2.0/UDP [::ffff:192.0.2.2];branch=z9hG4bKas3-111
            Call-ID: SSG9559905523997077@hlau_4100
            Contact: "T. desk phone" <sip:ted@[::ffff:192.0.2.2]>
            CSeq: 612 INVITE
            Max-Forwards: 70
            Content-Type: application/sdp

            """,
            """
            v=0
            o=assistant 971731711378798081 0 IN IP6 ::ffff:192.0.2.2
            s=Call me soon, please!
            c=IN IP6 ::ffff:192.0.2.2
            t=3338481189 3370017201
            m=audio 6000 RTP/AVP 2
            a=rtpmap:2 G726-32/8000
            m=video 6024 RTP/AVP 107
            a=rtpmap:107 H263-1998/90000

            """);

        Assert.Equal("::ffff:192.0.2.10", request.TopVia!.Host);
        Assert.Equal(19823, request.TopVia.Port);
        Assert.Equal("::ffff:192.0.2.2", request.Contact!.Uri.Host);
        Assert.Equal("T. desk phone", request.Contact.DisplayName);
        Assert.Equal("<sip:ted@[::ffff:192.0.2.2]>", request.Contact.ToString()[(request.Contact.ToString().IndexOf('<', StringComparison.Ordinal))..]);
    }

    [Theory]
    [InlineData("2001:db8::192.0.2.1")]
    [InlineData("2001:db8:::192.0.2.1")]
    public void Section_4_10_both_abnf_forms_are_tolerated(string address)
    {
        // RFC 5118 §4.10: the three-colon form follows RFC 3261's faulty ABNF; robustness asks to accept both.
        var request = ParseOk($"""
            OPTIONS sip:user@[{address}] SIP/2.0
            To: sip:user@[{address}]
            From: sip:user@example.com;tag=810x2
            Via: SIP/2.0/UDP lab1.east.example.com;branch=z9hG4bKas3-111
            Call-ID: G9559905523997077@hlau_4100
            CSeq: 689 OPTIONS
            Max-Forwards: 70

            """);

        Assert.Equal(address, request.RequestUri.Host);
        Assert.Equal(address, request.To!.Uri.Host);
    }

    [Theory]
    [InlineData("sip:[2001:db8::10")]
    [InlineData("sip:[2001:db8:10]")]
    [InlineData("sip:[1:2:3:4:5:6:7:8:9]")]
    [InlineData("sip:[2001:db8::1::2]")]
    [InlineData("sip:[gggg::1]")]
    [InlineData("sip:2001:db8::10")]
    public void Malformed_ipv6_references_are_rejected(string uri) => Assert.False(SipUri.TryParse(uri, out _));
}
