using System.Net;

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
    SdesCrypto? PeerCrypto);
