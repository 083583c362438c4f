using System.Buffers;
using System.Globalization;
using Bridge.Sip.Messages;

namespace Bridge.Sip.Parsing;

/// <summary>
/// Checks a parsed message for what RFC 3261 makes mandatory (§8.1.1: To, From, CSeq, Call-ID and Via present and
/// well-formed; single-value headers once only; CSeq method equal to the request method, §8.2.2 / RFC 4475 §3.1.2.15)
/// and for values RFC 4475 §3.1.2 expects a parser to reject (Contact, Route, Max-Forwards, Date). Works on the
/// header bytes without allocating; returns a short reason or null.
/// </summary>
internal static class SipMessageValidator
{
    private const int StackChars = 1024;

    private static readonly string[] SingleValued =
    [
        SipHeaderNames.CallId, SipHeaderNames.CSeq, SipHeaderNames.From, SipHeaderNames.To, SipHeaderNames.MaxForwards,
        SipHeaderNames.ContentType,
    ];

    private enum Kind
    {
        Other,
        Via,
        From,
        To,
        CallId,
        CSeq,
        Contact,
        Route,
        MaxForwards,
        Date,
    }

    public static string? Validate(SipMessage message)
    {
        var headers = message.Headers;
        var seen = 0;
        Span<char> scratch = stackalloc char[StackChars];
        for (var i = 0; i < headers.Count; i++)
        {
            var name = headers.GetName(i);
            var kind = KindOf(name);
            if (kind == Kind.Other)
            {
                continue;
            }

            var bit = 1 << (int)kind;
            if ((seen & bit) != 0 && IsSingle(kind))
            {
                return SipParseErrors.DuplicateHeader;
            }

            seen |= bit;
            char[]? rented = null;
            if (!headers.TryGetChars(i, scratch, out var value))
            {
                rented = ArrayPool<char>.Shared.Rent(headers.GetValue(i).Length);
                headers.TryGetChars(i, rented, out value);
            }

            var error = Check(kind, value, message);
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            if (error is not null)
            {
                return error;
            }
        }

        if ((seen & (1 << (int)Kind.Via)) == 0)
        {
            return SipParseErrors.MissingVia;
        }

        if ((seen & (1 << (int)Kind.From)) == 0)
        {
            return SipParseErrors.MissingFrom;
        }

        if ((seen & (1 << (int)Kind.To)) == 0)
        {
            return SipParseErrors.MissingTo;
        }

        if ((seen & (1 << (int)Kind.CallId)) == 0)
        {
            return SipParseErrors.MissingCallId;
        }

        if ((seen & (1 << (int)Kind.CSeq)) == 0)
        {
            return SipParseErrors.MissingCSeq;
        }

        foreach (var single in SingleValued)
        {
            if (KindOf(single) == Kind.Other && headers.CountOf(single) > 1)
            {
                return SipParseErrors.DuplicateHeader;
            }
        }

        return null;
    }

    private static string? Check(Kind kind, ReadOnlySpan<char> value, SipMessage message) => kind switch
    {
        Kind.Via => AreAll(value, SipVia.IsValid, allowStar: false) ? null : SipParseErrors.BadVia,
        Kind.From => SipNameAddress.IsValid(value) ? null : SipParseErrors.BadFrom,
        Kind.To => SipNameAddress.IsValid(value) ? null : SipParseErrors.BadTo,
        Kind.CallId => IsCallId(value.Trim()) ? null : SipParseErrors.BadCallId,
        Kind.CSeq => CheckCSeq(value, message),
        Kind.Contact => AreAll(value, SipNameAddress.IsValid, allowStar: true) ? null : SipParseErrors.BadContact,
        Kind.Route => AreAll(value, SipNameAddress.IsValid, allowStar: false) ? null : SipParseErrors.BadRoute,
        Kind.MaxForwards => IsMaxForwards(value.Trim()) ? null : SipParseErrors.BadMaxForwards,
        Kind.Date => IsRfc1123Date(value.Trim()) ? null : SipParseErrors.BadDate,
        _ => null,
    };

    /// <summary>Header names are the canonical instances (parser and <see cref="SipHeaders"/> canonicalize), so references compare.</summary>
    private static Kind KindOf(string name)
    {
        if (name.Length > 12)
        {
            return ReferenceEquals(name, SipHeaderNames.RecordRoute) ? Kind.Route : Kind.Other;
        }

        if (ReferenceEquals(name, SipHeaderNames.Via))
        {
            return Kind.Via;
        }

        if (ReferenceEquals(name, SipHeaderNames.From))
        {
            return Kind.From;
        }

        if (ReferenceEquals(name, SipHeaderNames.To))
        {
            return Kind.To;
        }

        if (ReferenceEquals(name, SipHeaderNames.CallId))
        {
            return Kind.CallId;
        }

        if (ReferenceEquals(name, SipHeaderNames.CSeq))
        {
            return Kind.CSeq;
        }

        if (ReferenceEquals(name, SipHeaderNames.Contact))
        {
            return Kind.Contact;
        }

        if (ReferenceEquals(name, SipHeaderNames.Route))
        {
            return Kind.Route;
        }

        if (ReferenceEquals(name, SipHeaderNames.MaxForwards))
        {
            return Kind.MaxForwards;
        }

        return ReferenceEquals(name, SipHeaderNames.Date) ? Kind.Date : Kind.Other;
    }

    private static bool IsSingle(Kind kind) => kind is Kind.From or Kind.To or Kind.CallId or Kind.CSeq or Kind.MaxForwards or Kind.Date;

    private static string? CheckCSeq(ReadOnlySpan<char> value, SipMessage message)
    {
        if (!SipCSeq.TryParse(value, out var cseq))
        {
            return SipParseErrors.BadCSeq;
        }

        return message is SipRequest request && !string.Equals(cseq.Method, request.Method, StringComparison.Ordinal)
            ? SipParseErrors.CSeqMethodMismatch
            : null;
    }

    /// <summary>Every element of a comma-separated list (§7.3.1) passes <paramref name="valid"/>; empty elements are errors.</summary>
    private static bool AreAll(ReadOnlySpan<char> value, Func<ReadOnlySpan<char>, bool> valid, bool allowStar)
    {
        if (allowStar && value.Trim().SequenceEqual("*"))
        {
            return true;
        }

        while (true)
        {
            var comma = SipListSplitter.IndexOfSeparator(value);
            var item = comma < 0 ? value : value[..comma];
            if (item.Trim().IsEmpty || !valid(item))
            {
                return false;
            }

            if (comma < 0)
            {
                return true;
            }

            value = value[(comma + 1)..];
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

    /// <summary>Max-Forwards = 1*DIGIT (§20.22), at most 255 as RFC 4475 §3.1.2.4 expects.</summary>
    private static bool IsMaxForwards(ReadOnlySpan<char> value) =>
        !value.IsEmpty && value.Length <= 10 && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255;

    /// <summary>rfc1123-date = wkday "," SP date1 SP time SP "GMT" (§20.17, §25.1; RFC 4475 §3.1.2.13 baddate).</summary>
    internal static bool IsRfc1123Date(ReadOnlySpan<char> value) =>
        DateTime.TryParseExact(value, "ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
}
