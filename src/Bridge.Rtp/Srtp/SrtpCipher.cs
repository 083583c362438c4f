namespace Bridge.Rtp.Srtp;

/// <summary>
/// The packet transform of one crypto context half (RTP or RTCP, one direction), holding session keys
/// that were derived once. Callers have already checked lengths, buffer room and replay; the cipher
/// encrypts, authenticates and lays out the trailer. Not thread-safe.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>The SRTCP E flag (RFC 3711 §3.4): set when the payload is encrypted.</summary>
    public const uint EncryptedFlag = 0x8000_0000;

    /// <summary>Octets of authentication tag this cipher writes.</summary>
    public abstract int TagLength { get; }

    /// <summary>Encrypts the payload after <paramref name="headerLength"/> and appends the tag; returns the new length.</summary>
    public abstract int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Verifies the tag at the end of <paramref name="length"/> octets and, if genuine, decrypts in place.</summary>
    public abstract bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Encrypts an RTCP compound packet (E = 1), appends the SRTCP index word and tag; returns the new length.</summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex);

    /// <summary>Reads the E flag and SRTCP index word; its place depends on the suite (RFC 3711 §3.4, RFC 7714 §9.2).</summary>
    public abstract uint ReadRtcpIndexWord(ReadOnlySpan<byte> packet, int length);

    /// <summary>Verifies and (when E is set) decrypts an SRTCP packet in place; <paramref name="rtcpLength"/> is the RTCP length without trailer.</summary>
    public abstract bool TryUnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord, out int rtcpLength);

    public abstract void Dispose();
}
