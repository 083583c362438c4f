using System.Buffers;

namespace Bridge.Sip.Messages;

/// <summary>A SIP request (RFC 3261 §7.1): Method SP Request-URI SP SIP-Version.</summary>
public sealed class SipRequest : SipMessage
{
    private SipUri? _requestUri;
    private string? _rawRequestUri;

    /// <summary>Creates a request with empty headers.</summary>
    public SipRequest(string method, SipUri requestUri)
        : base(new SipHeaders())
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        _requestUri = requestUri;
    }

    /// <summary>Parser use: the Request-URI text is parsed on first access.</summary>
    internal SipRequest(string method, string rawRequestUri, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        _rawRequestUri = rawRequestUri;
    }

    /// <summary>Parser use: a request whose Request-URI was already parsed (or could not be, for a partial malformed request).</summary>
    internal SipRequest(string method, SipUri? requestUri, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        _requestUri = requestUri;
    }

    /// <summary>The method, case-sensitive (§7.1); known methods are the <see cref="SipMethods"/> constants.</summary>
    public string Method { get; }

    /// <summary>The Request-URI (§7.1).</summary>
    public SipUri RequestUri
    {
        get
        {
            if (_requestUri is null && _rawRequestUri is not null && SipUri.TryParse(_rawRequestUri, out var uri))
            {
                _requestUri = uri;
                _rawRequestUri = null;
            }

            return _requestUri ?? SipUri.Parse("sip:invalid");
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _requestUri = value;
            _rawRequestUri = null;
        }
    }

    private protected override void WriteStartLine(IBufferWriter<byte> output)
    {
        SipWriter.WriteAscii(output, Method);
        SipWriter.WriteAscii(output, " ");
        SipWriter.WriteUtf8(output, _rawRequestUri ?? RequestUri.ToString());
        SipWriter.WriteAscii(output, " SIP/2.0\r\n");
    }
}
