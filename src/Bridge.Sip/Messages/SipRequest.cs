using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>A SIP request (RFC 3261 §7.1): Method SP Request-URI SP SIP-Version.</summary>
public sealed class SipRequest : SipMessage
{
    private SipUri? _requestUri;
    private byte[]? _rawBuffer;
    private int _rawStart;
    private int _rawLength;

    /// <summary>Creates a request with empty headers.</summary>
    public SipRequest(string method, SipUri requestUri)
        : base(new SipHeaders())
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentNullException.ThrowIfNull(requestUri);
        Method = method;
        _requestUri = requestUri;
    }

    /// <summary>Parser use: the Request-URI, already checked, stays bytes until first access.</summary>
    internal SipRequest(string method, byte[] buffer, int uriStart, int uriLength, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        _rawBuffer = buffer;
        _rawStart = uriStart;
        _rawLength = uriLength;
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
            if (_requestUri is null && _rawBuffer is not null)
            {
                var text = System.Text.Encoding.Latin1.GetString(_rawBuffer, _rawStart, _rawLength);
                if (SipUri.TryParse(text, out var uri))
                {
                    _requestUri = uri;
                    _rawBuffer = null;
                }
            }

            // A partial request read from a malformed message may lack a usable Request-URI.
            return _requestUri ??= SipUri.Create("sip", null, "invalid");
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _requestUri = value;
            _rawBuffer = null;
        }
    }

    private protected override int GetStartLineLength() =>
        Utf8Length(Method) + 1 + (_rawBuffer is not null ? _rawLength : Utf8Length(RequestUri.ToString())) + 10;

    private protected override int WriteStartLine(Span<byte> destination)
    {
        var at = Encoding.UTF8.GetBytes(Method, destination);
        destination[at++] = (byte)' ';
        if (_rawBuffer is not null)
        {
            _rawBuffer.AsSpan(_rawStart, _rawLength).CopyTo(destination[at..]);
            at += _rawLength;
        }
        else
        {
            at += Encoding.UTF8.GetBytes(RequestUri.ToString(), destination[at..]);
        }

        " SIP/2.0\r\n"u8.CopyTo(destination[at..]);
        return at + 10;
    }
}
