using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// DTLS-SRTP on a SIP call (RFC 5763, RFC 5764): the leg's SRTP keys come from <see cref="SipDtlsTransport"/>, which
/// takes over the RTP session's protector and its DTLS datagrams. A failed handshake or a certificate that does not match
/// the SDP fingerprint ends the call (BYE).
/// </summary>
internal sealed partial class CallLeg
{
    private SipDtlsTransport? _dtls;

    /// <summary>The call's DTLS-SRTP transport, or null for SDES or plain RTP.</summary>
    public SipDtlsTransport? Dtls => _dtls;

    /// <summary>Uses <paramref name="dtls"/> for the leg's SRTP; call before <see cref="StartMedia"/>.</summary>
    internal void UseDtls(SipDtlsTransport dtls)
    {
        ArgumentNullException.ThrowIfNull(dtls);
        _dtls = dtls;
        dtls.Failed += reason =>
        {
            LogDtlsEnded(Id, reason);
            Hangup();
        };
        dtls.Start();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId}: ending the call, DTLS-SRTP failed ({Reason})")]
    private partial void LogDtlsEnded(string callId, string reason);
}
