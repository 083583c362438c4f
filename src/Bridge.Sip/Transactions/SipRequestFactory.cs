using System.Globalization;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Transactions;

/// <summary>Requests derived from another request: the ACK for a non-2xx (RFC 3261 §17.1.1.3) and CANCEL (§9.1).</summary>
internal static class SipRequestFactory
{
    /// <summary>ACK for a non-2xx: same Request-URI, Call-ID, From, CSeq number, top Via and Route as the INVITE;
    /// To from the response (with its tag).</summary>
    public static SipRequest CreateAckForNon2xx(SipRequest invite, SipResponse response)
    {
        var ack = new SipRequest(SipMethods.Ack, invite.RequestUri);
        CopyCommon(invite, ack);
        ack.Headers.Add("To", response.Headers["To"] ?? invite.Headers["To"] ?? string.Empty);
        ack.Headers.Add("CSeq", invite.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture) + " " + SipMethods.Ack);
        return ack;
    }

    /// <summary>CANCEL: same Request-URI, Call-ID, To, From, CSeq number and top Via (so it matches the INVITE's
    /// server transaction) and the same Route headers.</summary>
    public static SipRequest CreateCancel(SipRequest invite)
    {
        var cancel = new SipRequest(SipMethods.Cancel, invite.RequestUri);
        CopyCommon(invite, cancel);
        cancel.Headers.Add("To", invite.Headers["To"] ?? string.Empty);
        cancel.Headers.Add("CSeq", invite.CSeq!.Value.Number.ToString(CultureInfo.InvariantCulture) + " " + SipMethods.Cancel);
        return cancel;
    }

    private static void CopyCommon(SipRequest invite, SipRequest target)
    {
        target.Headers.Add("Via", invite.TopVia!.ToString());
        foreach (var route in invite.Headers.GetValues("Route"))
        {
            target.Headers.Add("Route", route);
        }

        target.Headers.Add("Max-Forwards", "70");
        target.Headers.Add("From", invite.Headers["From"] ?? string.Empty);
        target.Headers.Add("Call-ID", invite.CallId ?? string.Empty);
    }
}
