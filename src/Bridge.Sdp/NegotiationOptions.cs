using System.Net;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp;

/// <summary>Local media capabilities and policy for offer/answer (RFC 3264). Immutable; share one per configuration.</summary>
public sealed record NegotiationOptions
{
    /// <summary>Codecs we accept, most preferred first. The answer picks the first one of this list that the offer contains.</summary>
    public IReadOnlyList<CodecSpec> Preference { get; init; } = CodecSpec.DefaultPreference;

    /// <summary>SDES-SRTP policy.</summary>
    public SrtpPolicy Srtp { get; init; } = SrtpPolicy.Optional;

    /// <summary>Crypto suites we accept and offer, offered in this order (see <see cref="SrtpSuite"/>).</summary>
    public IReadOnlyList<string> SrtpSuites { get; init; } = SrtpSuite.Defaults;

    /// <summary>Our RTP address, written in <c>o=</c> and <c>c=</c> (IPv4 or IPv6). Never 0.0.0.0: that means hold.</summary>
    public required IPAddress MediaAddress { get; init; }

    /// <summary>The <c>s=</c> line.</summary>
    public string SessionName { get; init; } = "Bridge";

    /// <summary>The <c>o=</c> username; <c>-</c> when there is no user id (RFC 4566 §5.2).</summary>
    public string OriginUsername { get; init; } = "-";

    /// <summary>The direction we want from our side; <see cref="MediaDirection.SendOnly"/> or <see cref="MediaDirection.Inactive"/> put the peer on hold.</summary>
    public MediaDirection Direction { get; init; } = MediaDirection.SendRecv;

    /// <summary>Offer and accept RFC 4733 telephone-event.</summary>
    public bool TelephoneEvents { get; init; } = true;

    /// <summary>Offer <c>a=rtcp-mux</c>, and accept it when offered (RFC 5761).</summary>
    public bool RtcpMux { get; init; } = true;

    /// <summary>The packet time we want to receive, written as <c>a=ptime</c>.</summary>
    public int PacketTimeMs { get; init; } = 20;

    /// <summary>
    /// Our DTLS certificate's fingerprint (RFC 8122 §5). When set, a <c>UDP/TLS/RTP/SAVP</c> or <c>UDP/TLS/RTP/SAVPF</c>
    /// offer with <c>a=fingerprint</c> is accepted as DTLS-SRTP (RFC 5763 §5, RFC 5764 §8) unless <see cref="Srtp"/> is
    /// <see cref="SrtpPolicy.Disabled"/>; null refuses such offers with 488.
    /// </summary>
    public SdpFingerprint? DtlsFingerprint { get; init; }
}
