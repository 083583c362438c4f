using System.Text;
using Bridge.Sip.Parsing;

namespace Bridge.Sip.Tests.Parsing;

/// <summary>The parse path is lazy: it owns one copy of the bytes plus a small index, and makes no strings for headers.</summary>
public sealed class SipParserAllocationTests
{
    private static readonly byte[] Invite = Encoding.ASCII.GetBytes(
        "INVITE sip:room-4711@bridge.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK-524287-1---a7c8e1f04b9d2c3e;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "Contact: <sip:2001@192.0.2.44:5060;transport=udp>\r\n" +
        "To: <sip:room-4711@bridge.example.com>\r\n" +
        "From: \"Desk 2001\" <sip:2001@pbx.example.com>;tag=8f2c61a9\r\n" +
        "Call-ID: 3c26700e5d4a1f0b7e2a9c1d4f6b8a0e@192.0.2.44\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 40\r\n\r\n" +
        "v=0\r\no=- 1 1 IN IP4 192.0.2.44\r\ns=-\r\nt=0 0\r\n");

    [Fact]
    public void Parsing_allocates_the_copy_and_a_small_index_only()
    {
        for (var i = 0; i < 50; i++)
        {
            SipParser.ParseDatagram(Invite, SipParserLimits.Default);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = SipParser.ParseDatagram(Invite, SipParserLimits.Default);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(SipParseStatus.Ok, result.Status);
        Assert.InRange(allocated, Invite.Length, Invite.Length + 512);
    }
}
