using System.Text;
using Bridge.Sip.Messages;
using Bridge.Sip.Tests.Support;

namespace Bridge.Sip.Tests.Stack;

/// <summary>RFC 3261 §8.2.2.1 (416), RFC 5621 multipart bodies, RFC 3891 Replaces.</summary>
public sealed class RequestChecksTests
{
    private const string Isup = "\x01\x10\x60\x01\x0a\x00\x02\x0a\x08\x03\x10\x09\x06\x23\x01\x10\x00"; // binary, ASCII range
    private readonly UasHarness _uas = new();

    private static SipRequest Raw(string requestLine, string contentType, string body, string extra = "") =>
        (SipRequest)SipText.Parse(
            requestLine + "\n" +
            "Via: SIP/2.0/UDP 198.51.100.7:5062;branch=z9hG4bK-raw;rport\n" +
            "Max-Forwards: 70\n" +
            "From: <sip:alice@198.51.100.7>;tag=ft1\n" +
            "To: <sip:4711@192.0.2.1>\n" +
            "Call-ID: raw-1@phone\n" +
            "CSeq: 1 " + requestLine.Split(' ')[0] + "\n" +
            "Contact: <sip:alice@198.51.100.7:5062>\n" +
            extra +
            (contentType.Length > 0 ? "Content-Type: " + contentType + "\n" : "") +
            "Content-Length: " + Encoding.Latin1.GetByteCount(body) + "\n\n" + body);

    private static string Multipart(string secondPartHeaders) =>
        "--unique-boundary-1\r\n" +
        "Content-Type: application/sdp\r\n\r\n" +
        UasHarness.Offer +
        "\r\n--unique-boundary-1\r\n" +
        secondPartHeaders + "\r\n\r\n" + Isup +
        "\r\n--unique-boundary-1--\r\n";

    [Fact]
    public void OPTIONS_to_an_unknown_URI_scheme_gets_416()
    {
        _uas.Deliver(Raw("OPTIONS zzz:nothing-here SIP/2.0", "", ""));

        Assert.Single(_uas.Channel.Responses(416));
        Assert.Empty(_uas.Channel.Responses(200));
    }

    [Theory]
    [InlineData("sip:4711@192.0.2.1")]
    [InlineData("sips:4711@192.0.2.1")]
    [InlineData("tel:+4930123456")]
    public void Known_schemes_are_served(string uri)
    {
        _uas.Deliver(Raw("OPTIONS " + uri + " SIP/2.0", "", ""));

        Assert.Single(_uas.Channel.Responses(200));
    }

    [Fact]
    public async Task A_multipart_INVITE_with_SDP_and_optional_ISUP_is_answered_from_the_SDP_part()
    {
        var body = Multipart("Content-Type: application/ISUP;version=itu-t92+\r\nContent-Disposition: signal;handling=optional");
        _uas.Deliver(Raw("INVITE sip:4711@192.0.2.1 SIP/2.0", "multipart/mixed;boundary=unique-boundary-1", body, "MIME-Version: 1.0\n"));

        Assert.Empty(_uas.Channel.Responses(415));
        var call = await _uas.Incoming;
        Assert.Equal(UasHarness.Offer, Encoding.UTF8.GetString(call.Session.RemoteSdp.Span));
    }

    [Fact]
    public void A_multipart_INVITE_with_a_required_part_the_bridge_does_not_understand_gets_415()
    {
        var body = Multipart("Content-Type: application/ISUP;version=itu-t92+\r\nContent-Disposition: signal;handling=required");
        _uas.Deliver(Raw("INVITE sip:4711@192.0.2.1 SIP/2.0", "multipart/mixed;boundary=\"unique-boundary-1\"", body));

        var refused = Assert.Single(_uas.Channel.Responses(415));
        Assert.Contains("application/sdp", refused.Headers["Accept"], StringComparison.Ordinal);
        Assert.False(_uas.HasIncoming);
    }

    [Fact]
    public void An_INVITE_with_a_plain_text_body_still_gets_415()
    {
        _uas.Deliver(Raw("INVITE sip:4711@192.0.2.1 SIP/2.0", "text/plain", "hello"));

        Assert.Single(_uas.Channel.Responses(415));
    }

    [Fact]
    public void An_INVITE_replacing_a_dialog_the_bridge_does_not_have_gets_481()
    {
        _uas.Deliver(SipText.Request(SipMethods.Invite, body: UasHarness.Offer, extra: "Replaces: unknown@host;to-tag=a;from-tag=b\n"));

        Assert.Single(_uas.Channel.Responses(481));
        Assert.False(_uas.HasIncoming);
    }

    [Fact]
    public async Task An_INVITE_replacing_a_live_dialog_is_not_refused_481()
    {
        var (first, ok) = await _uas.ConfirmedAsync();

        _uas.Deliver(SipText.Request(SipMethods.Invite, branch: "z9hG4bK-2", callId: "call-2@phone", fromTag: "ft2", body: UasHarness.Offer,
            extra: $"Replaces: call-1@phone;to-tag={ok.To!.Tag};from-tag=ft1\n"));

        Assert.Empty(_uas.Channel.Responses(481));
        Assert.Equal(2, _uas.Ua.Sessions.Count); // handed to the application as a call of its own
        Assert.Equal(Bridge.Sip.Dialogs.InviteSessionState.Confirmed, first.Session.State);
    }
}
