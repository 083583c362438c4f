using Bridge.Sip.Messages;

namespace Bridge.Sip.Parsing;

/// <summary>
/// Checks a parsed message for what RFC 3261 makes mandatory (§8.1.1: To, From, CSeq, Call-ID, Via; §8.2.2 and
/// RFC 4475 §3.1.2: values that must parse), returning a short reason or null.
/// </summary>
internal static class SipMessageValidator
{
    public static string? Validate(SipMessage message)
    {
        var headers = message.Headers;
        if (headers.IndexOf(SipHeaderNames.Via, 0) < 0)
        {
            return SipParseErrors.MissingVia;
        }

        if (headers.IndexOf(SipHeaderNames.From, 0) < 0)
        {
            return SipParseErrors.MissingFrom;
        }

        if (headers.IndexOf(SipHeaderNames.To, 0) < 0)
        {
            return SipParseErrors.MissingTo;
        }

        if (headers.IndexOf(SipHeaderNames.CallId, 0) < 0)
        {
            return SipParseErrors.MissingCallId;
        }

        if (message.CSeq is not { } cseq)
        {
            return headers.IndexOf(SipHeaderNames.CSeq, 0) < 0 ? SipParseErrors.MissingCSeq : SipParseErrors.BadCSeq;
        }

        if (message is SipRequest request && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            return SipParseErrors.CSeqMethodMismatch;
        }

        return null;
    }
}
