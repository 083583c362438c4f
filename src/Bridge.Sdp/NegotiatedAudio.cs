using System.Net;
using Bridge.Sdp.WebRtc;

namespace Bridge.Sdp;

/// <summary>
/// The audio stream both sides agreed on, from the bridge's point of view (send = to the peer).
/// </summary>
/// <param name="RemoteRtp">Where to send RTP. Its address is 0.0.0.0 when the peer holds with the RFC 2543 address (then <see cref="Direction"/> does not send).</param>
/// <param name="RemoteRtcp">Where to send RTCP (a=rtcp, RFC 3605, else RTP port + 1); null when RTCP is multiplexed.</param>
/// <param name="RtcpMux">RTP and RTCP share one port (RFC 5761).</param>
/// <param name="Codec">The codec to send and expect.</param>
/// <param name="PayloadType">Its payload type in both directions (the offerer's number, RFC 3264 §6.1).</param>
/// <param name="TelephoneEventPayloadType">RFC 4733 payload type, or null when the peer has none.</param>
/// <param name="PacketTimeMs">Packet time to send: the peer's a=ptime when it is a multiple of 20 up to 120, else 20.</param>
/// <param name="Direction">Our direction: whether we send and/or receive.</param>
/// <param name="RemoteCrypto">Key the peer protects its packets with (decrypt incoming), or null for plain RTP.</param>
/// <param name="LocalCrypto">Key we protect our packets with (encrypt outgoing), or null for plain RTP.</param>
public sealed record NegotiatedAudio(
    IPEndPoint RemoteRtp,
    IPEndPoint? RemoteRtcp,
    bool RtcpMux,
    CodecSpec Codec,
    int PayloadType,
    int? TelephoneEventPayloadType,
    int PacketTimeMs,
    MediaDirection Direction,
    SdesCrypto? RemoteCrypto,
    SdesCrypto? LocalCrypto)
{
    /// <summary>RTP clock rate of the telephone-event stream (RFC 4733 §2.1: normally the codec's clock), 0 when none.</summary>
    public int TelephoneEventClockRate { get; init; }

    /// <summary>
    /// The peer's <c>a=fmtp</c> for the codec, e.g. Opus <c>useinbandfec=1;stereo=0;maxplaybackrate=16000</c> (RFC 7587 §7):
    /// what the peer can receive, so the encoder can honour it. Null when the peer sent none.
    /// </summary>
    public string? RemoteFormatParameters { get; init; }

    /// <summary>The m= line protocol, e.g. <c>RTP/AVP</c> or <c>RTP/SAVP</c>.</summary>
    public string Protocol { get; init; } = SdpProtocol.RtpAvp;

    /// <summary>Index of the negotiated m= line in the description.</summary>
    public int MediaIndex { get; init; }

    /// <summary>
    /// DTLS-SRTP (RFC 5763 §5): the peer's fingerprints and the setup roles, when the line is <c>UDP/TLS/RTP/SAVP(F)</c>;
    /// the keys come from the DTLS handshake on the media port, not from SDP. Null for SDES or plain RTP.
    /// </summary>
    public DtlsSrtpOffer? Dtls { get; init; }

    /// <summary>True when SRTP keys were agreed (SDES) or will come from DTLS.</summary>
    public bool IsSecure => (LocalCrypto is not null && RemoteCrypto is not null) || Dtls is not null;
}
