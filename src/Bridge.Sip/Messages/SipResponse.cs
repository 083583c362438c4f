using System.Buffers;

namespace Bridge.Sip.Messages;

/// <summary>A SIP response (RFC 3261 §7.2): SIP-Version SP Status-Code SP Reason-Phrase.</summary>
public sealed class SipResponse : SipMessage
{
    /// <summary>Creates a response; the reason phrase defaults to the §21 table.</summary>
    public SipResponse(int statusCode, string? reasonPhrase = null)
        : this(statusCode, reasonPhrase, new SipHeaders())
    {
    }

    internal SipResponse(int statusCode, string? reasonPhrase, SipHeaders headers)
        : base(headers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 699);
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase ?? SipReasonPhrases.Get(statusCode);
    }

    /// <summary>Status code, 100–699.</summary>
    public int StatusCode { get; }

    /// <summary>Reason phrase (may be empty, may hold UTF-8 text, §25.1).</summary>
    public string ReasonPhrase { get; }

    /// <summary>True for 1xx.</summary>
    public bool IsProvisional => StatusCode < 200;

    /// <summary>True for 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>
    /// Builds a response to <paramref name="request"/> (§8.2.6): copies every Via in order, From, To, Call-ID and CSeq
    /// (and Timestamp for 100, §8.2.6.1); for 2xx and 101–199 to INVITE, SUBSCRIBE or REFER also Record-Route (§12.1.1).
    /// A To tag is not added here: the dialog layer decides it (§8.2.6.2).
    /// </summary>
    public static SipResponse CreateFor(SipRequest request, int statusCode, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new SipResponse(statusCode, reason);
        var headers = response.Headers;
        var source = request.Headers;
        headers.CopyFrom(source, SipHeaderNames.Via);
        headers.CopyFrom(source, SipHeaderNames.From);
        headers.CopyFrom(source, SipHeaderNames.To);
        headers.CopyFrom(source, SipHeaderNames.CallId);
        headers.CopyFrom(source, SipHeaderNames.CSeq);
        if (statusCode == 100)
        {
            headers.CopyFrom(source, SipHeaderNames.Timestamp);
        }

        var dialogCreating = request.Method is SipMethods.Invite or SipMethods.Subscribe or SipMethods.Refer;
        if (dialogCreating && statusCode is > 100 and < 300)
        {
            headers.CopyFrom(source, SipHeaderNames.RecordRoute);
        }

        return response;
    }

    private protected override void WriteStartLine(IBufferWriter<byte> output)
    {
        SipWriter.WriteAscii(output, "SIP/2.0 ");
        SipWriter.WriteNumber(output, StatusCode);
        SipWriter.WriteAscii(output, " ");
        SipWriter.WriteUtf8(output, ReasonPhrase);
        SipWriter.WriteCrlf(output);
    }
}
