using System.Net;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp;

/// <summary>What an acceptable audio m= line offers us, before our own key is made.</summary>
internal sealed record AudioChoice(
    int MediaIndex,
    CodecSpec Codec,
    int PayloadType,
    SdpRtpMap RtpMap,
    int? TelephoneEventPayloadType,
    int TelephoneEventClockRate,
    string? TelephoneEventFmtp,
    IPEndPoint RemoteRtp,
    IPEndPoint? RemoteRtcp,
    bool RtcpMux,
    int PacketTimeMs,
    MediaDirection PeerDirection,
    SdesCrypto? PeerCrypto)
{
    /// <summary>The DTLS-SRTP values of a <c>UDP/TLS/RTP/SAVP(F)</c> line (RFC 5763 §5); null for SDES or plain RTP.</summary>
    public DtlsSrtpOffer? Dtls { get; init; }

    /// <summary>The line will be protected by SRTP (SDES key or DTLS).</summary>
    public bool IsSecure => PeerCrypto is not null || Dtls is not null;
}
