using System.Text;

namespace Bridge.Benchmarks.Sip;

/// <summary>Typical messages a desk phone sends to the bridge.</summary>
internal static class SipSamples
{
    /// <summary>An INVITE with an SDP offer (G.722, PCMU, PCMA, telephone-event), about 900 bytes.</summary>
    public static readonly byte[] Invite = Build(
        """
        INVITE sip:room-4711@bridge.example.com SIP/2.0
        Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK-524287-1---a7c8e1f04b9d2c3e;rport
        Max-Forwards: 70
        Contact: <sip:2001@192.0.2.44:5060;transport=udp>
        To: <sip:room-4711@bridge.example.com>
        From: "Desk 2001" <sip:2001@pbx.example.com>;tag=8f2c61a9
        Call-ID: 3c26700e5d4a1f0b7e2a9c1d4f6b8a0e@192.0.2.44
        CSeq: 1 INVITE
        Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, INFO, SUBSCRIBE, UPDATE
        Content-Type: application/sdp
        Supported: replaces, timer
        User-Agent: ExamplePhone 5.2.1
        Allow-Events: talk, hold, conference, refer, check-sync

        """,
        """
        v=0
        o=- 1700000000 1700000000 IN IP4 192.0.2.44
        s=ExamplePhone
        c=IN IP4 192.0.2.44
        t=0 0
        m=audio 40000 RTP/AVP 9 0 8 101
        a=rtpmap:9 G722/8000
        a=rtpmap:0 PCMU/8000
        a=rtpmap:8 PCMA/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=sendrecv

        """);

    /// <summary>A 200 OK to an INVITE with an SDP answer.</summary>
    public static readonly byte[] Response = Build(
        """
        SIP/2.0 200 OK
        Via: SIP/2.0/UDP 192.0.2.44:5060;branch=z9hG4bK-524287-1---a7c8e1f04b9d2c3e;rport=5060;received=192.0.2.44
        Contact: <sip:room-4711@198.51.100.7:5060>
        To: <sip:room-4711@bridge.example.com>;tag=b7d3e0c1
        From: "Desk 2001" <sip:2001@pbx.example.com>;tag=8f2c61a9
        Call-ID: 3c26700e5d4a1f0b7e2a9c1d4f6b8a0e@192.0.2.44
        CSeq: 1 INVITE
        Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, INFO
        Supported: timer
        Server: Bridge
        Content-Type: application/sdp

        """,
        """
        v=0
        o=bridge 1 1 IN IP4 198.51.100.7
        s=Bridge
        c=IN IP4 198.51.100.7
        t=0 0
        m=audio 30000 RTP/AVP 9 101
        a=rtpmap:9 G722/8000
        a=rtpmap:101 telephone-event/8000
        a=fmtp:101 0-15
        a=ptime:20
        a=sendrecv

        """);

    private static byte[] Build(string head, string body)
    {
        var b = body.Replace("\n", "\r\n", StringComparison.Ordinal);
        var h = head.Replace("\n", "\r\n", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(h.TrimEnd('\r', '\n') + "\r\nContent-Length: " + Encoding.UTF8.GetByteCount(b) + "\r\n\r\n" + b);
    }
}
