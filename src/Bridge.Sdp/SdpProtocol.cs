namespace Bridge.Sdp;

/// <summary>Transport protocol names of the <c>m=</c> line (RFC 4566 §5.14, RFC 3711 §12, RFC 4585 §9, RFC 5764 §8).</summary>
public static class SdpProtocol
{
    /// <summary>Plain RTP (RFC 3551).</summary>
    public const string RtpAvp = "RTP/AVP";

    /// <summary>SRTP (RFC 3711 §12), keyed by SDES a=crypto (RFC 4568).</summary>
    public const string RtpSavp = "RTP/SAVP";

    /// <summary>RTP with RTCP feedback (RFC 4585).</summary>
    public const string RtpAvpf = "RTP/AVPF";

    /// <summary>SRTP with RTCP feedback (RFC 5124).</summary>
    public const string RtpSavpf = "RTP/SAVPF";

    /// <summary>DTLS-SRTP (RFC 5764 §8), as SIP phones offer it.</summary>
    public const string UdpTlsRtpSavp = "UDP/TLS/RTP/SAVP";

    /// <summary>DTLS-SRTP with feedback, as used by WebRTC (RFC 5764 §8).</summary>
    public const string UdpTlsRtpSavpf = "UDP/TLS/RTP/SAVPF";

    /// <summary>True for RTP/AVP, RTP/AVPF, RTP/SAVP and RTP/SAVPF: the profiles answered with SDES or plain RTP.</summary>
    public static bool IsRtpWithSdesOrPlain(string protocol) => IsPlain(protocol) || IsSdesSecure(protocol);

    /// <summary>RTP/AVP or RTP/AVPF.</summary>
    public static bool IsPlain(string protocol) =>
        string.Equals(protocol, RtpAvp, StringComparison.OrdinalIgnoreCase) || string.Equals(protocol, RtpAvpf, StringComparison.OrdinalIgnoreCase);

    /// <summary>RTP/SAVP or RTP/SAVPF: secure profiles whose keys come from a=crypto.</summary>
    public static bool IsSdesSecure(string protocol) =>
        string.Equals(protocol, RtpSavp, StringComparison.OrdinalIgnoreCase) || string.Equals(protocol, RtpSavpf, StringComparison.OrdinalIgnoreCase);

    /// <summary>UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF: keys come from DTLS (RFC 5764), handled by WebRTC code.</summary>
    public static bool IsDtls(string protocol) => protocol.StartsWith("UDP/TLS/RTP/", StringComparison.OrdinalIgnoreCase);

    /// <summary>Exactly UDP/TLS/RTP/SAVP or UDP/TLS/RTP/SAVPF: the DTLS-SRTP profiles a SIP call accepts (RFC 5764 §8).</summary>
    public static bool IsDtlsSrtp(string protocol) =>
        string.Equals(protocol, UdpTlsRtpSavp, StringComparison.OrdinalIgnoreCase) || string.Equals(protocol, UdpTlsRtpSavpf, StringComparison.OrdinalIgnoreCase);
}
