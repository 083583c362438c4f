using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>What the RFC 4475 valid messages must read as, field by field.</summary>
public sealed class Rfc4475DetailTests
{
    private static SipMessage Parse(string file)
    {
        var result = SipParser.ParseDatagram(TortureMessages.Load(file), SipParserLimits.Default);
        Assert.True(result.Status == SipParseStatus.Ok, result.Error);
        return result.Message!;
    }

    [Fact]
    public void Wsinv_whitespace_folding_and_case_are_read_right()
    {
        var m = Assert.IsType<SipRequest>(Parse("wsinv"));

        Assert.Equal(SipMethods.Invite, m.Method);
        Assert.Equal("unknownparam", Assert.Single(m.RequestUri.Parameters).Key);
        Assert.Equal("1918181833n", m.To!.Tag);
        Assert.Equal("sip:vivekg@chair-dnrc.example.com", m.To.Uri.ToString());
        Assert.Equal("J Rosenberg \\\"", m.From!.DisplayName);
        Assert.Equal("98asjd8", m.From.Tag);
        Assert.Equal(68, m.MaxForwards);
        Assert.Equal(new SipCSeq(9, SipMethods.Invite), m.CSeq);
        Assert.Equal("wsinv.ndaksdj@192.0.2.1", m.CallId);
        Assert.Equal("application/sdp", m.ContentType);
        Assert.Equal(150, m.Body.Length);

        Assert.Equal(3, m.Vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (m.Vias[0].Transport, m.Vias[0].Host, m.Vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (m.Vias[1].Transport, m.Vias[1].Host, m.Vias[1].Branch));
        Assert.Equal(("UDP", "192.168.255.111", "z9hG4bK30239"), (m.Vias[2].Transport, m.Vias[2].Host, m.Vias[2].Branch));

        Assert.Equal("newfangled value continued newfangled value", m.Headers["NewFangledHeader"]);
        Assert.Equal(";;,,;;,;", m.Headers["UnknownHeaderWithUnusualValue"]);
        Assert.Equal(string.Empty, m.Headers["Subject"]);
        Assert.Equal("<sip:services.example.com;lr;unknownwith=value;unknown-no-value>", m.Headers["Route"]);

        var contact = m.Contact!;
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.GetParameter("newparam"));
        Assert.Equal("0.33", contact.GetParameter("q"));
        Assert.Contains(contact.Parameters, p => p.Key == "secondparam" && p.Value is null);
    }

    [Fact]
    public void Intmeth_odd_method_name_and_values_are_kept()
    {
        var m = Assert.IsType<SipRequest>(Parse("intmeth"));

        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method);
        Assert.Equal(m.Method, m.CSeq!.Value.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.RequestUri.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.RequestUri.Password);
        Assert.Equal("BEL:\a NUL:\0 DEL:\x7f", m.To!.DisplayName);
        Assert.Equal("token1~` token2'+_ token3*%!.-", m.From!.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", m.From.Tag);
        Assert.Equal("\"работающий\"", m.From.GetParameter("fromParam''~+*_!.-%"));
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.CallId);
        Assert.Equal("\ufeff\u5927\u505c\u96fb", m.Headers["extensionHeader-!.%*+_`'~"]);
    }

    [Fact]
    public void Esc01_escaped_user_parts_come_out_unescaped()
    {
        var m = Assert.IsType<SipRequest>(Parse("esc01"));

        Assert.Equal("sips:user@example.com", m.RequestUri.User);
        Assert.Equal("example.net", m.RequestUri.Host);
        Assert.Equal("user", m.To!.Uri.User);
        Assert.Equal("I have spaces", m.From!.Uri.User);
        Assert.Equal("caller", m.Contact!.Uri.User);
        Assert.Equal("lr", m.Contact.Uri.Parameters[0].Key);
        Assert.Equal("value%41", m.Contact.Uri.GetParameter("name"));
        Assert.Equal("sip:sips%3Auser%40example.com@example.net", m.RequestUri.ToString());
        Assert.Equal("sip:I%20have%20spaces@example.net", m.From.Uri.ToString());
    }

    [Fact]
    public void Escnull_keeps_the_nul_octet_in_the_user_part()
    {
        var m = Parse("escnull");

        Assert.Equal("null-\0-null", m.To!.Uri.User);
        var contacts = m.Headers.GetValues("Contact");
        Assert.Equal(2, contacts.Count);
        Assert.True(SipNameAddress.TryParse(contacts[1], out var second));
        Assert.Equal("\0\0", second.Uri.User);
    }

    [Fact]
    public void Esc02_escaped_method_is_not_unescaped_and_escaped_header_name_is_another_header()
    {
        var m = Assert.IsType<SipRequest>(Parse("esc02"));

        Assert.Equal("RE%47IST%45R", m.Method);
        Assert.Equal(2, m.Headers.GetValues("Contact").Count);
        Assert.Equal("<sip:alias2@host2.example.com>", m.Headers["C%6Fntact"]);
        Assert.Equal("%Z%45", m.To!.DisplayName);
    }

    [Fact]
    public void Lwsdisp_display_name_without_space_before_angle()
    {
        var m = Parse("lwsdisp");

        Assert.Equal("caller", m.From!.DisplayName);
        Assert.Equal("sip:caller@example.com", m.From.Uri.ToString());
    }

    [Fact]
    public void Longreq_long_values_parse()
    {
        var m = Parse("longreq");

        Assert.Equal(34, m.Vias.Count);
        Assert.Equal(6000, m.To!.Uri.Port);
        Assert.Equal("shortvalue", m.To.Uri.GetParameter("longparamnamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamenamename"));
    }

    [Fact]
    public void Dblreq_only_the_first_message_is_taken()
    {
        var bytes = TortureMessages.Load("dblreq");

        var result = SipParser.ParseDatagram(bytes, SipParserLimits.Default);

        var m = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(SipMethods.Register, m.Method);
        Assert.Equal(0, m.Body.Length);
        Assert.Equal(bytes.Length, result.BytesConsumed);
    }

    [Fact]
    public void Semiuri_semicolon_in_user_part()
    {
        var m = Assert.IsType<SipRequest>(Parse("semiuri"));

        Assert.Equal("user;par=u@example.net", m.RequestUri.User);
        Assert.Equal("example.com", m.RequestUri.Host);
        Assert.Empty(m.RequestUri.Parameters);
        Assert.Equal(6, m.Headers.GetValues("Accept").Count);
    }

    [Fact]
    public void Transports_all_via_transports_are_read()
    {
        var m = Parse("transports");

        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], m.Vias.Select(v => v.Transport));
    }

    [Fact]
    public void Mpart01_multipart_body_is_kept_byte_exact()
    {
        var bytes = TortureMessages.Load("mpart01");
        var m = Parse("mpart01");

        Assert.StartsWith("multipart/mixed", m.ContentType, StringComparison.Ordinal);
        Assert.Equal(bytes.AsSpan(bytes.Length - m.Body.Length).ToArray(), m.Body.ToArray());
    }

    [Fact]
    public void Unreason_utf8_reason_phrase()
    {
        var m = Assert.IsType<SipResponse>(Parse("unreason"));

        Assert.Equal(200, m.StatusCode);
        Assert.StartsWith("= 2**3 * 5**2 \u043d\u043e \u0441\u0442\u043e \u0434\u0435\u0432\u044f\u043d\u043e\u0441\u0442\u043e", m.ReasonPhrase, StringComparison.Ordinal);
        var written = Encoding.UTF8.GetString(m.ToBytes());
        Assert.StartsWith("SIP/2.0 200 " + m.ReasonPhrase + "\r\n", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Noreason_empty_reason_phrase()
    {
        var m = Assert.IsType<SipResponse>(Parse("noreason"));

        Assert.Equal(100, m.StatusCode);
        Assert.Equal(string.Empty, m.ReasonPhrase);
    }

    [Fact]
    public void Badvers_suggests_505()
    {
        var result = SipParser.ParseDatagram(TortureMessages.Load("badvers"), SipParserLimits.Default);

        Assert.Equal(505, result.SuggestedStatusCode);
        var request = Assert.IsType<SipRequest>(result.Message);
        Assert.Equal(SipMethods.Options, request.Method);
        Assert.Equal("badvers.31417@c.example.com", request.CallId);
    }

    [Fact]
    public void Malformed_request_keeps_what_a_400_needs()
    {
        var result = SipParser.ParseDatagram(TortureMessages.Load("mismatch01"), SipParserLimits.Default);

        var request = Assert.IsType<SipRequest>(result.Message);
        var response = SipResponse.CreateFor(request, 400, result.Error);
        Assert.Equal("mismatch01.dj0234sxdfl3", response.CallId);
        Assert.Equal("z9hG4bKkdjuw", response.TopVia!.Branch);
        Assert.Equal("34525", response.From!.Tag);
        Assert.Equal("CSeq Method Mismatch", response.ReasonPhrase);
    }

    [Fact]
    public void Malformed_response_is_not_handed_out()
    {
        var result = SipParser.ParseDatagram(TortureMessages.Load("bigcode"), SipParserLimits.Default);

        Assert.False(result.LooksLikeRequest);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Novelsc_and_unksm2_keep_unknown_schemes_opaque()
    {
        var novelsc = Assert.IsType<SipRequest>(Parse("novelsc"));
        var unksm2 = Parse("unksm2");

        Assert.Equal("soap.beep", novelsc.RequestUri.Scheme);
        Assert.Equal("//192.0.2.103:3002", novelsc.RequestUri.Opaque);
        Assert.False(novelsc.RequestUri.IsSip);
        Assert.Equal("isbn:2983792873", unksm2.To!.Uri.ToString());
        Assert.Equal("http", unksm2.From!.Uri.Scheme);
    }

    [Fact]
    public void Regescrt_contact_uri_headers_are_unescaped()
    {
        var m = Parse("regescrt");

        var header = Assert.Single(m.Contact!.Uri.Headers);
        Assert.Equal(("Route", "<sip:sip.example.com>"), (header.Key, header.Value));
    }

    [Fact]
    public void Cparam01_addr_spec_parameters_belong_to_the_header()
    {
        var addrSpec = Parse("cparam01").Contact!;
        var nameAddr = Parse("cparam02").Contact!;

        Assert.Empty(addrSpec.Uri.Parameters);
        Assert.Contains(addrSpec.Parameters, p => p.Key == "unknownparam");
        Assert.Contains(nameAddr.Uri.Parameters, p => p.Key == "unknownparam");
        Assert.Empty(nameAddr.Parameters);
    }

    [Fact]
    public void Inv2543_old_syntax_without_branch_or_max_forwards()
    {
        var m = Parse("inv2543");

        Assert.Null(m.TopVia!.Branch);
        Assert.Null(m.MaxForwards);
        Assert.Null(m.From!.Tag);
    }
}
