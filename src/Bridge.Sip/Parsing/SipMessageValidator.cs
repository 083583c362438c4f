using System.Globalization;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Parsing;

/// <summary>
/// Checks a parsed message for what RFC 3261 makes mandatory (§8.1.1: To, From, CSeq, Call-ID and Via present and
/// well-formed, single-value headers once only, CSeq method equal to the request method §8.2.2 / RFC 4475 §3.1.2.15)
/// and for values RFC 4475 §3.1.2 expects a parser to reject (Date, Contact, Route, Max-Forwards). Returns a short reason or null.
/// </summary>
internal static class SipMessageValidator
{
    private static readonly string[] SingleValued =
    [
        SipHeaderNames.CallId, SipHeaderNames.CSeq, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.MaxForwards,
        SipHeaderNames.ContentType,
    ];

    public static string? Validate(SipMessage message)
    {
        var headers = message.Headers;
        foreach (var name in SingleValued)
        {
            var first = headers.IndexOf(name, 0);
            if (first >= 0 && headers.IndexOf(name, first + 1) >= 0)
            {
                return SipParseErrors.DuplicateHeader;
            }
        }

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

        if (message.CallId is not { } callId)
        {
            return SipParseErrors.MissingCallId;
        }

        if (!IsCallId(callId))
        {
            return SipParseErrors.BadCallId;
        }

        if (message.CSeq is not { } cseq)
        {
            return headers.IndexOf(SipHeaderNames.CSeq, 0) < 0 ? SipParseErrors.MissingCSeq : SipParseErrors.BadCSeq;
        }

        if (message is SipRequest request && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            return SipParseErrors.CSeqMethodMismatch;
        }

        if (message.Vias.Count == 0)
        {
            return SipParseErrors.BadVia;
        }

        if (message.From is null)
        {
            return SipParseErrors.BadFrom;
        }

        if (message.To is null)
        {
            return SipParseErrors.BadTo;
        }

        if (headers[SipHeaderNames.MaxForwards] is not null && message.MaxForwards is null)
        {
            return SipParseErrors.BadMaxForwards;
        }

        return ValidateOptional(headers);
    }

    private static string? ValidateOptional(SipHeaders headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers.GetName(i);
            if (ReferenceEquals(name, SipHeaderNames.Contact))
            {
                if (!AreContacts(headers.GetValue(i)))
                {
                    return SipParseErrors.BadContact;
                }
            }
            else if (ReferenceEquals(name, SipHeaderNames.Route) || ReferenceEquals(name, SipHeaderNames.RecordRoute))
            {
                if (!AreNameAddresses(headers.GetValue(i)))
                {
                    return SipParseErrors.BadRoute;
                }
            }
            else if (ReferenceEquals(name, SipHeaderNames.Date))
            {
                if (!IsRfc1123Date(headers.GetValue(i)))
                {
                    return SipParseErrors.BadDate;
                }
            }
        }

        return null;
    }

    private static bool AreContacts(string value)
    {
        if (value.AsSpan().Trim().SequenceEqual("*"))
        {
            return true;
        }

        return AreNameAddresses(value);
    }

    private static bool AreNameAddresses(string value)
    {
        var span = value.AsSpan();
        while (true)
        {
            var comma = SipListSplitter.IndexOfSeparator(span);
            var item = comma < 0 ? span : span[..comma];
            if (!SipNameAddress.TryParse(item, out _))
            {
                return false;
            }

            if (comma < 0)
            {
                return true;
            }

            span = span[(comma + 1)..];
        }
    }

    /// <summary>callid = word [ "@" word ] (§25.1).</summary>
    internal static bool IsCallId(ReadOnlySpan<char> value)
    {
        var at = value.IndexOf('@');
        if (at < 0)
        {
            return SipCharacters.IsWord(value);
        }

        return SipCharacters.IsWord(value[..at]) && SipCharacters.IsWord(value[(at + 1)..]);
    }

    /// <summary>rfc1123-date = wkday "," SP date1 SP time SP "GMT" (§20.17, §25.1; RFC 4475 §3.1.2.13 baddate).</summary>
    internal static bool IsRfc1123Date(string value) =>
        DateTime.TryParseExact(value.Trim(), "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
}
