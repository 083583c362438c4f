using System.Net;
using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Parsing;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Tests.Support;

/// <summary>Builds test messages from text.</summary>
internal static class SipText
{
    public static readonly SipRemote Phone = new(SipTransportNames.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 5062));

    public static SipMessage Parse(string text)
    {
        var result = SipParser.ParseDatagram(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal)), SipParserLimits.Default);
        Assert.Equal(SipParseStatus.Ok, result.Status);
        return result.Message!;
    }

    public static SipRequest Request(
        string method,
        string branch = "z9hG4bK-1",
        long cseq = 1,
        string callId = "call-1@phone",
        string? toTag = null,
        string fromTag = "ft1",
        string? body = null,
        string cseqMethod = "",
        string extra = "",
        string viaHost = "198.51.100.7:5062;rport")
    {
        var to = toTag is null ? "<sip:4711@192.0.2.1>" : "<sip:4711@192.0.2.1>;tag=" + toTag;
        var bodyText = body ?? string.Empty;
        var type = body is null ? string.Empty : "Content-Type: application/sdp\n";
        var text =
            $"{method} sip:4711@192.0.2.1 SIP/2.0\n" +
            $"Via: SIP/2.0/UDP {viaHost};branch={branch}\n" +
            "Max-Forwards: 70\n" +
            $"From: <sip:alice123456@198.51.100.7>;tag={fromTag}\n" +
            $"To: {to}\n" +
            $"Call-ID: {callId}\n" +
            $"CSeq: {cseq} {(cseqMethod.Length == 0 ? method : cseqMethod)}\n" +
            "Contact: <sip:alice@198.51.100.7:5062>\n" +
            extra +
            type +
            $"Content-Length: {Encoding.UTF8.GetByteCount(bodyText)}\n\n" + bodyText;
        return (SipRequest)Parse(text);
    }

    /// <summary>A response to a request the stack sent (copies its Via, From, To, Call-ID, CSeq).</summary>
    public static SipResponse ResponseTo(SipRequest request, int status, string? toTag = "uas-tag", string? body = null)
    {
        var response = SipResponse.CreateFor(request, status);
        if (toTag is not null && request.To?.Tag is null)
        {
            response.Headers.Set("To", request.To!.WithTag(toTag).ToString());
        }

        if (status is >= 200 and < 300 && request.Method == SipMethods.Invite)
        {
            response.Headers.Add("Contact", "<sip:bob@198.51.100.9:5070>");
        }

        if (body is not null)
        {
            response.Headers.Add("Content-Type", "application/sdp");
            response.Body = Encoding.UTF8.GetBytes(body);
        }

        return (SipResponse)Parse(Encoding.UTF8.GetString(response.ToBytes()));
    }
}
