namespace Bridge.WebRtc.Demultiplexing;

/// <summary>What a datagram on a WebRTC media port is, by its first octet (RFC 7983 §7).</summary>
public enum DatagramKind
{
    /// <summary>Anything else (ZRTP, TURN channels, garbage, empty): dropped.</summary>
    Drop,

    /// <summary>First octet 0–3: STUN.</summary>
    Stun,

    /// <summary>First octet 20–63: DTLS.</summary>
    Dtls,

    /// <summary>First octet 128–191: RTP or RTCP (tell them apart by the payload type, RFC 5761 §4).</summary>
    Rtp,
}
