using System.Text;

namespace Bridge.Sip.Messages;

/// <summary>A SIP request (RFC 3261 §7.1): Method SP Request-URI SP SIP-Version.</summary>
public sealed class SipRequest : SipMessage
{
    private SipUri? _requestUri;
    private bool _rawUri;
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

    /// <summary>Parser use: the Request-URI, already checked, stays bytes of the parsed message (read through
    /// <paramref name="headers"/>, which hold them) until first access.</summary>
    internal SipRequest(string method, int uriStart, int uriLength, SipHeaders headers)
        : base(headers)
    {
        Method = method;
        _rawUri = true;
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
            if (_requestUri is null && _rawUri)
            {
                var text = Encoding.Latin1.GetString(Headers.Raw(_rawStart, _rawLength));
                if (SipUri.TryParse(text, out var uri))
                {
                    _requestUri = uri;
                    _rawUri = false;
                }
            }

            // A partial request read from a malformed message may lack a usable Request-URI.
            return _requestUri ??= SipUri.Create("sip", null, "invalid");
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _requestUri = value;
            _rawUri = false;
        }
    }

    private protected override int GetStartLineLength() =>
        Utf8Length(Method) + 1 + (_rawUri ? _rawLength : Utf8Length(RequestUri.ToString())) + 10;

    private protected override int WriteStartLine(Span<byte> destination)
    {
        var at = Encoding.UTF8.GetBytes(Method, destination);
        destination[at++] = (byte)' ';
        if (_rawUri)
        {
            Headers.Raw(_rawStart, _rawLength).CopyTo(destination[at..]);
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
