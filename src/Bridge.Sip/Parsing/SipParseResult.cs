using Bridge.Sip.Messages;

namespace Bridge.Sip.Parsing;

/// <summary>
/// Result of <see cref="SipParser"/>. For streams, <paramref name="BytesConsumed"/> is the length of the message
/// (with any leading CRLF keep-alives) to drop from the buffer; for <see cref="SipParseStatus.Incomplete"/> it counts only
/// skipped keep-alive CRLFs. When a request is malformed, <paramref name="Message"/> holds what could be read so that a
/// 400 with <paramref name="Error"/> as reason can be sent (RFC 3261 §8.2, §21.4.1).
/// </summary>
public readonly record struct SipParseResult(SipParseStatus Status, SipMessage? Message, int BytesConsumed, string? Error, bool LooksLikeRequest)
{
    /// <summary>
    /// For an <see cref="SipParseStatus.Incomplete"/> stream message whose header block is complete: the number of bytes
    /// (from the start of the parsed input) the whole message needs, so a transport need not parse again before they
    /// arrived. 0 when unknown.
    /// </summary>
    public int BytesNeeded { get; init; }

    /// <summary>The status a server should answer a malformed request with: 505 for a wrong SIP version (§8.2.2... §21.5.6), 513 when too large, otherwise 400.</summary>
    public int SuggestedStatusCode => Status switch
    {
        SipParseStatus.TooLarge => 513,
        SipParseStatus.Malformed when string.Equals(Error, SipParseErrors.VersionNotSupported, StringComparison.Ordinal) => 505,
        SipParseStatus.Ok => 0,
        _ => 400,
    };
}
