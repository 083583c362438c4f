using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>Datagram and stream framing (RFC 3261 §18.3), limits, and start-line rules (§7.1, §7.2).</summary>
public sealed class SipParserFramingTests
{
    private const string Head =
        "OPTIONS sip:room@bridge.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:room@bridge.example.com>\r\n" +
        "From: <sip:alice@example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710@pc33.example.com\r\n" +
        "CSeq: 63104 OPTIONS\r\n";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Datagram_without_content_length_takes_the_rest_as_body()
    {
        var result = SipParser.ParseDatagram(Bytes(Head + "\r\nhello"), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.Equal("hello", Encoding.UTF8.GetString(result.Message!.Body.Span));
    }

    [Fact]
    public void Datagram_body_is_truncated_to_content_length()
    {
        var bytes = Bytes(Head + "Content-Length: 3\r\n\r\nhello");

        var result = SipParser.ParseDatagram(bytes, SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.Equal("hel", Encoding.UTF8.GetString(result.Message!.Body.Span));
        Assert.Equal(bytes.Length, result.BytesConsumed);
    }

    [Fact]
    public void Datagram_content_length_beyond_the_datagram_is_malformed()
    {
        var result = SipParser.ParseDatagram(Bytes(Head + "Content-Length: 30\r\n\r\nhello"), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Malformed, result.Status);
        Assert.Equal(SipParseErrors.BadContentLength, result.Error);
        Assert.IsType<SipRequest>(result.Message);
    }

    [Fact]
    public void Datagram_accepts_bare_lf_line_ends()
    {
        var result = SipParser.ParseDatagram(Bytes((Head + "Content-Length: 0\r\n\r\n").Replace("\r\n", "\n", StringComparison.Ordinal)), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.Equal("a84b4c76e66710@pc33.example.com", result.Message!.CallId);
    }

    [Fact]
    public void Stream_is_incomplete_until_the_whole_body_arrived()
    {
        var bytes = Bytes(Head + "Content-Length: 5\r\n\r\nhello");
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            Assert.Equal(SipParseStatus.Incomplete, SipParser.ParseStream(bytes.AsSpan(0, cut), SipParserLimits.Default).Status);
        }

        var whole = SipParser.ParseStream(bytes, SipParserLimits.Default);
        Assert.Equal(SipParseStatus.Ok, whole.Status);
        Assert.Equal(bytes.Length, whole.BytesConsumed);
    }

    [Fact]
    public void Stream_frames_back_to_back_messages_and_skips_keepalive_crlf()
    {
        var one = Head + "Content-Length: 2\r\n\r\nab";
        var two = one.Replace("63104", "63105", StringComparison.Ordinal);
        var bytes = Bytes("\r\n\r\n" + one + "\r\n" + two);

        var first = SipParser.ParseStream(bytes, SipParserLimits.Default);
        var second = SipParser.ParseStream(bytes.AsSpan(first.BytesConsumed), SipParserLimits.Default);

        Assert.Equal(4 + one.Length, first.BytesConsumed);
        Assert.Equal(63104, first.Message!.CSeq!.Value.Number);
        Assert.Equal(SipParseStatus.Ok, second.Status);
        Assert.Equal(63105, second.Message!.CSeq!.Value.Number);
        Assert.Equal(bytes.Length, first.BytesConsumed + second.BytesConsumed);
    }

    [Fact]
    public void Stream_keepalive_alone_is_consumed()
    {
        var result = SipParser.ParseStream("\r\n\r\n"u8, SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Incomplete, result.Status);
        Assert.Equal(4, result.BytesConsumed);
    }

    [Fact]
    public void Stream_without_content_length_is_malformed()
    {
        var result = SipParser.ParseStream(Bytes(Head + "\r\n"), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Malformed, result.Status);
        Assert.Equal(SipParseErrors.MissingContentLength, result.Error);
    }

    [Fact]
    public void Stream_with_a_huge_content_length_is_too_large_before_the_body_arrives()
    {
        var result = SipParser.ParseStream(Bytes(Head + "Content-Length: 900000\r\n\r\n"), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.TooLarge, result.Status);
    }

    [Fact]
    public void Stream_headers_without_end_beyond_the_limit_are_too_large()
    {
        var limits = new SipParserLimits(MaxMessageSize: 1024);
        var text = Head + string.Concat(Enumerable.Repeat("X-Filler: 0123456789012345678901234567890123456789\r\n", 40));

        var result = SipParser.ParseStream(Bytes(text), limits);

        Assert.Equal(SipParseStatus.TooLarge, result.Status);
    }

    [Fact]
    public void Oversized_datagram_is_too_large_and_suggests_513()
    {
        var bytes = Bytes(Head + "Content-Length: 70000\r\n\r\n" + new string('x', 70000));

        var result = SipParser.ParseDatagram(bytes, SipParserLimits.Default);

        Assert.Equal(SipParseStatus.TooLarge, result.Status);
        Assert.Equal(513, result.SuggestedStatusCode);
        Assert.True(result.LooksLikeRequest);
    }

    [Fact]
    public void Too_many_headers_is_too_large()
    {
        var text = Head + string.Concat(Enumerable.Range(0, 20).Select(i => $"X-H{i}: v\r\n")) + "\r\n";

        var result = SipParser.ParseDatagram(Bytes(text), new SipParserLimits(MaxHeaders: 16));

        Assert.Equal(SipParseStatus.TooLarge, result.Status);
        Assert.Equal(SipParseErrors.TooManyHeaders, result.Error);
    }

    [Fact]
    public void Overlong_line_is_too_large()
    {
        var text = Head + "Subject: " + new string('s', 300) + "\r\n\r\n";

        var result = SipParser.ParseDatagram(Bytes(text), new SipParserLimits(MaxLineLength: 256));

        Assert.Equal(SipParseStatus.TooLarge, result.Status);
        Assert.Equal(SipParseErrors.LineTooLong, result.Error);
    }

    [Theory]
    [InlineData("OPTIONS sip:room@bridge.example.com SIP/2.0 ")]
    [InlineData("OPTIONS  sip:room@bridge.example.com SIP/2.0")]
    [InlineData("OPTIONS sip:room@bridge.example.com")]
    [InlineData("OPT IONS sip:room@bridge.example.com SIP/2.0")]
    [InlineData("OPTIONS <sip:room@bridge.example.com> SIP/2.0")]
    [InlineData("OPTIONS sip:room@bridge.example.com;lr SIP/2.0x")]
    public void Bad_request_lines_are_malformed(string line)
    {
        var text = line + Head[Head.IndexOf("\r\n", StringComparison.Ordinal)..] + "\r\n";

        var result = SipParser.ParseDatagram(Bytes(text), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Malformed, result.Status);
        Assert.Equal(400, result.SuggestedStatusCode);
    }

    [Theory]
    [InlineData("SIP/2.0 99 Odd")]
    [InlineData("SIP/2.0 700 Odd")]
    [InlineData("SIP/2.0 2000 OK")]
    [InlineData("SIP/3.0 200 OK")]
    [InlineData("SIP/2.0 2x0 OK")]
    public void Bad_status_lines_are_malformed_and_give_no_message(string line)
    {
        var text = line + Head[Head.IndexOf("\r\n", StringComparison.Ordinal)..] + "\r\n";

        var result = SipParser.ParseDatagram(Bytes(text), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Malformed, result.Status);
        Assert.False(result.LooksLikeRequest);
        Assert.Null(result.Message);
    }

    [Theory]
    [InlineData("Call-ID", SipParseErrors.MissingCallId)]
    [InlineData("CSeq", SipParseErrors.MissingCSeq)]
    [InlineData("From", SipParseErrors.MissingFrom)]
    [InlineData("To", SipParseErrors.MissingTo)]
    [InlineData("Via", SipParseErrors.MissingVia)]
    public void Missing_mandatory_header_is_named(string header, string error)
    {
        var lines = Head.Split("\r\n").Where(l => !l.StartsWith(header + ":", StringComparison.Ordinal));

        var result = SipParser.ParseDatagram(Bytes(string.Join("\r\n", lines) + "\r\n"), SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Malformed, result.Status);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Compact_forms_are_canonical_names()
    {
        var text = "OPTIONS sip:room@bridge.example.com SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK1\r\nf: <sip:a@b>;tag=1\r\nt: <sip:c@d>\r\ni: x@y\r\nCSeq: 1 OPTIONS\r\nl: 0\r\nm: <sip:a@h>\r\nk: timer\r\nc: text/plain\r\n\r\n";

        var message = SipParser.ParseDatagram(Bytes(text), SipParserLimits.Default).Message!;

        Assert.Equal(
            [SipHeaderNames.Via, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.CallId, SipHeaderNames.CSeq, SipHeaderNames.ContentLength, SipHeaderNames.Contact, SipHeaderNames.Supported, SipHeaderNames.ContentType],
            message.Headers.Select(h => h.Name));
        Assert.Equal("x@y", message.Headers["call-id"]);
        Assert.Equal("text/plain", message.ContentType);
        Assert.Contains("\r\nCall-ID: x@y\r\n", Encoding.UTF8.GetString(message.ToBytes()), StringComparison.Ordinal);
    }
}
