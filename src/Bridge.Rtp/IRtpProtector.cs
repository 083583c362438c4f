namespace Bridge.Rtp;

/// <summary>
/// Transforms packets between plain RTP/RTCP and their protected form (SRTP/SRTCP, RFC 3711 §3.3 and §3.4).
/// An <see cref="RtpSession"/> without a protector sends plain RTP. Implementations are called from one
/// sending thread and one receiving thread at a time, and must not allocate per packet.
/// </summary>
public interface IRtpProtector
{
    /// <summary>Protects the RTP packet in place (RFC 3711 §3.3); <paramref name="buffer"/> has room for the tag. Returns the new length, or a negative value on failure.</summary>
    int ProtectRtp(Span<byte> buffer, int length);

    /// <summary>Authenticates and decrypts an SRTP packet in place (RFC 3711 §3.3); on success <paramref name="length"/> becomes the plain length.</summary>
    bool TryUnprotectRtp(Span<byte> buffer, ref int length);

    /// <summary>Protects the RTCP compound packet in place (RFC 3711 §3.4); returns the new length, or a negative value on failure.</summary>
    int ProtectRtcp(Span<byte> buffer, int length);

    /// <summary>Authenticates and decrypts an SRTCP packet in place (RFC 3711 §3.4); on success <paramref name="length"/> becomes the plain length.</summary>
    bool TryUnprotectRtcp(Span<byte> buffer, ref int length);
}
