using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Transactions;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>
/// Messages parsed in place borrow the caller's buffer: equal to an owned parse while borrowed, independent of the
/// buffer after <see cref="SipMessage.Detach"/>, and unreadable (not silently wrong) after the loan ends.
/// </summary>
public sealed class SipParserInPlaceTests
{
    private const string Text =
        "INVITE sip:room-4711@bridge.example.com;transport=udp SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK-77;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:room-4711@bridge.example.com>\r\n" +
        "From: \"Desk\" <sip:2001@pbx.example.com>;tag=8f2c\r\n" +
        "Call-ID: c1@192.0.2.44\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:2001@192.0.2.44:5060>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 44\r\n\r\n" +
        "v=0\r\no=- 1 1 IN IP4 192.0.2.44\r\ns=-\r\nt=0 0\r\n";

    private static byte[] InBuffer(int offset, out int count)
    {
        var bytes = Encoding.ASCII.GetBytes(Text);
        var buffer = new byte[offset + bytes.Length + 16];
        Array.Fill(buffer, (byte)'#');
        bytes.CopyTo(buffer, offset);
        count = bytes.Length;
        return buffer;
    }

    [Fact]
    public void A_message_parsed_in_place_reads_like_an_owned_one_and_copies_nothing()
    {
        var buffer = InBuffer(100, out var count);
        var owned = SipParser.ParseDatagram(buffer.AsSpan(100, count), SipParserLimits.Default).Message!;
        var borrowed = SipParser.ParseDatagramInPlace(buffer, 100, count, SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, borrowed.Status);
        var message = (SipRequest)borrowed.Message!;
        Assert.True(message.IsBorrowed);
        Assert.False(owned.IsBorrowed);
        Assert.Equal(owned.ToString(), message.ToString());
        Assert.Equal("sip:room-4711@bridge.example.com;transport=udp", message.RequestUri.ToString());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Body, out var body));
        Assert.Same(buffer, body.Array);
    }

    [Fact]
    public void A_detached_message_keeps_every_byte_when_the_buffer_is_reused()
    {
        var buffer = InBuffer(7, out var count);
        var message = (SipRequest)SipParser.ParseDatagramInPlace(buffer, 7, count, SipParserLimits.Default).Message!;
        var expected = Encoding.ASCII.GetBytes(Text);

        message.Detach();
        Array.Fill(buffer, (byte)'X');
        message.EndBorrow(); // a no-op once detached

        Assert.False(message.IsBorrowed);
        Assert.Equal(Encoding.ASCII.GetString(expected), message.ToString());
        Assert.Equal("sip:room-4711@bridge.example.com;transport=udp", message.RequestUri.ToString());
        Assert.Equal("v=0\r\no=- 1 1 IN IP4 192.0.2.44\r\ns=-\r\nt=0 0\r\n", Encoding.ASCII.GetString(message.Body.Span));
        Assert.Equal(expected.Length, message.GetWireLength());
    }

    [Fact]
    public void After_the_loan_ends_raw_reads_throw_and_values_read_before_stay()
    {
        var buffer = InBuffer(0, out var count);
        var message = SipParser.ParseDatagramInPlace(buffer, 0, count, SipParserLimits.Default).Message!;
        var callId = message.CallId;
        var via = message.TopVia;

        message.EndBorrow();

        Assert.Equal("c1@192.0.2.44", callId);
        Assert.Equal("z9hG4bK-77", via!.Branch);
        Assert.Same(via, message.TopVia); // cached parse results need no bytes
        Assert.Throws<ObjectDisposedException>(() => message.Body);
        Assert.Throws<ObjectDisposedException>(() => message.ContentType);
        Assert.Throws<ObjectDisposedException>(() => message.ToBytes());
    }

    [Fact]
    public void A_response_built_from_a_borrowed_request_does_not_share_the_buffer()
    {
        var buffer = InBuffer(0, out var count);
        var request = (SipRequest)SipParser.ParseDatagramInPlace(buffer, 0, count, SipParserLimits.Default).Message!;
        var response = SipResponseFactory.Create(request, 486, null, "t1");
        var before = response.ToString();

        request.EndBorrow();
        Array.Fill(buffer, (byte)'X');

        Assert.Equal(before, response.ToString());
        Assert.Contains("Call-ID: c1@192.0.2.44\r\n", before, StringComparison.Ordinal);
        Assert.Contains("Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK-77;rport\r\n", before, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stream_message_parsed_in_place_skips_keep_alives_and_counts_them()
    {
        var bytes = Encoding.ASCII.GetBytes("\r\n\r\n" + Text + "OPTIONS");
        var buffer = new byte[bytes.Length + 20];
        bytes.CopyTo(buffer, 20);

        var result = SipParser.ParseStreamInPlace(buffer, 20, bytes.Length, SipParserLimits.Default);

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.Equal(4 + Text.Length, result.BytesConsumed);
        result.Message!.Detach();
        Array.Fill(buffer, (byte)0);
        Assert.Equal(Text, result.Message.ToString());
    }

    [Fact]
    public void Parsing_in_place_allocates_only_the_index_and_detaching_adds_one_copy()
    {
        var buffer = InBuffer(0, out var count);
        for (var i = 0; i < 50; i++)
        {
            SipParser.ParseDatagramInPlace(buffer, 0, count, SipParserLimits.Default).Message!.Detach();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = SipParser.ParseDatagramInPlace(buffer, 0, count, SipParserLimits.Default).Message!;
        var parsed = GC.GetAllocatedBytesForCurrentThread() - before;
        message.Detach();
        var detached = GC.GetAllocatedBytesForCurrentThread() - before - parsed;

        Assert.InRange(parsed, 1, 512);
        Assert.InRange(detached, count, count + 64);
    }
}
