using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// AES-CM encryption with HMAC-SHA1 authentication: RFC 3711 §4.1.1 (counter IV), §4.2 (tag over
/// the authenticated portion || ROC for SRTP, §3.4 tag over header, payload and E||index for SRTCP),
/// with 128- or 256-bit keys (RFC 6188).
/// </summary>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    private readonly AesCounterMode _ctr;
    private readonly HmacSha1Authenticator _auth;
    private readonly byte[] _salt;

    /// <summary>Creates the cipher from session keys (RFC 3711 §4.3): k_e, k_s (14 octets) and k_a (20 octets);
    /// <paramref name="intrinsics"/> false keeps the keystream on .NET's AES (see <see cref="AesCounterMode"/>) and HMAC-SHA1 on
    /// .NET's <see cref="IncrementalHash"/> (see <see cref="HmacSha1Authenticator"/>).</summary>
    public AesCmHmacSha1Cipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, ReadOnlySpan<byte> authKey, int tagLength, bool intrinsics = true)
    {
        if (sessionSalt.Length != 14)
        {
            throw new ArgumentException("AES-CM session salt must be 112 bits.", nameof(sessionSalt));
        }

        _ctr = new AesCounterMode(sessionKey, intrinsics);
        _auth = new HmacSha1Authenticator(authKey, tagLength, intrinsics);
        _salt = sessionSalt.ToArray();
    }

    public override int TagLength => _auth.TagLength;

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, ssrc, index);
        _ctr.Apply(iv, packet[headerLength..length]);
        _auth.ComputeTag(packet[..length], (uint)(index >> 16), appendRoc: true, packet.Slice(length, TagLength));
        return length + TagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        var authenticatedLength = length - TagLength;
        if (!_auth.Verify(packet[..authenticatedLength], (uint)(index >> 16), appendRoc: true, packet.Slice(authenticatedLength, TagLength)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, ssrc, index);
        _ctr.Apply(iv, packet[headerLength..authenticatedLength]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildIv(iv, ssrc, srtcpIndex);
        _ctr.Apply(iv, packet[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length, 4), srtcpIndex | EncryptedFlag);
        _auth.ComputeTag(packet[..(length + 4)], 0, appendRoc: false, packet.Slice(length + 4, TagLength));
        return length + 4 + TagLength;
    }

    public override uint ReadRtcpIndexWord(ReadOnlySpan<byte> packet, int length) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(length - TagLength - 4, 4));

    public override bool TryUnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord, out int rtcpLength)
    {
        var authenticatedLength = length - TagLength;
        rtcpLength = authenticatedLength - 4;
        if (!_auth.Verify(packet[..authenticatedLength], 0, appendRoc: false, packet.Slice(authenticatedLength, TagLength)))
        {
            return false;
        }

        if ((indexWord & EncryptedFlag) != 0)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildIv(iv, ssrc, indexWord & ~EncryptedFlag);
            _ctr.Apply(iv, packet[8..rtcpLength]);
        }

        return true;
    }

    /// <summary>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16) (RFC 3711 §4.1.1; SRTCP uses its index as i, §3.4).</summary>
    private void BuildIv(Span<byte> iv, uint ssrc, ulong index)
    {
        _salt.CopyTo(iv);
        iv[14] = 0;
        iv[15] = 0;
        var ssrcPart = BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc;
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], ssrcPart);
        // Octets 6..13 as one big-endian word: the 48-bit index lands on octets 8..13.
        var indexPart = BinaryPrimitives.ReadUInt64BigEndian(iv[6..]) ^ (index & 0x0000_FFFF_FFFF_FFFF);
        BinaryPrimitives.WriteUInt64BigEndian(iv[6..], indexPart);
    }

    public override void Dispose()
    {
        _ctr.Dispose();
        _auth.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }
}
