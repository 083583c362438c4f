using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.Rtp.Srtp;

/// <summary>
/// AEAD_AES_128_GCM / AEAD_AES_256_GCM for SRTP and SRTCP (RFC 7714) with one reused <see cref="AesGcm"/>.
/// SRTP: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt (§8.1), AAD = the RTP header (§8.2), tag after the
/// ciphertext. SRTCP: IV = (0x0000 || SSRC || 0x0000 || 0 || index) XOR salt (§9.1), AAD = the first
/// 8 octets || E||index (§9.2), and the E||index word follows the tag (§9.2 figure). A received packet is checked and
/// decrypted by <see cref="GcmTagVerifier"/> (no exception, nothing allocated, the tag computed once); <see cref="AesGcm"/>
/// only protects. Where the CPU has AES-NI and PCLMULQDQ, <see cref="AesNiGcm"/> does both instead: the same tag checked
/// before anything is decrypted, without .NET's fixed cost per <see cref="AesGcm"/> call.
/// </summary>
internal sealed class AesGcmCipher : SrtpCipher
{
    private const int NonceLength = 12;
    private const int GcmTagLength = 16;

    private readonly AesGcm _gcm;
    private readonly byte[] _salt;
    private readonly GcmTagVerifier _rtpTags;
    private readonly GcmTagVerifier _rtcpTags;
    private readonly AesNiGcm? _intrinsics;

    /// <summary>Creates the cipher from the session key (16 or 32 octets) and the 12-octet session salt; <paramref name="intrinsics"/>
    /// false keeps to <see cref="AesGcm"/> and <see cref="GcmTagVerifier"/> even where the CPU could do more (tests compare the two).</summary>
    public AesGcmCipher(ReadOnlySpan<byte> sessionKey, ReadOnlySpan<byte> sessionSalt, bool intrinsics = true)
    {
        if (sessionSalt.Length != NonceLength)
        {
            throw new ArgumentException("AES-GCM session salt must be 96 bits.", nameof(sessionSalt));
        }

        _gcm = new AesGcm(sessionKey, GcmTagLength);
        _salt = sessionSalt.ToArray();
        _rtpTags = new GcmTagVerifier(sessionKey); // one per receiving path: SRTP and SRTCP may be checked on two threads
        _rtcpTags = new GcmTagVerifier(sessionKey);
        _intrinsics = intrinsics && AesNiGcm.IsSupported ? new AesNiGcm(sessionKey) : null;
    }

    public override int TagLength => GcmTagLength;

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildNonce(nonce, ssrc, index);
        Seal(nonce, packet[headerLength..length], packet.Slice(length, GcmTagLength), packet[..headerLength]);
        return length + GcmTagLength;
    }

    public override bool TryUnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildNonce(nonce, ssrc, index);
        var cipherEnd = length - GcmTagLength;
        var payload = packet[headerLength..cipherEnd];
        return TryDecrypt(_rtpTags, nonce, payload, packet.Slice(cipherEnd, GcmTagLength), packet[..headerLength]);
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildNonce(nonce, ssrc, srtcpIndex);
        var word = srtcpIndex | EncryptedFlag;
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);
        Seal(nonce, packet[8..length], packet.Slice(length, GcmTagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(length + GcmTagLength, 4), word);
        return length + GcmTagLength + 4;
    }

    public override uint ReadRtcpIndexWord(ReadOnlySpan<byte> packet, int length) =>
        BinaryPrimitives.ReadUInt32BigEndian(packet.Slice(length - 4, 4));

    public override bool TryUnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint indexWord, out int rtcpLength)
    {
        rtcpLength = length - 4 - GcmTagLength;
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildNonce(nonce, ssrc, indexWord & ~EncryptedFlag);
        var tag = packet.Slice(rtcpLength, GcmTagLength);
        if ((indexWord & EncryptedFlag) != 0)
        {
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            BinaryPrimitives.WriteUInt32BigEndian(aad[8..], indexWord);
            return TryDecrypt(_rtcpTags, nonce, packet[8..rtcpLength], tag, aad);
        }

        // E = 0 (RFC 7714 §9): the whole RTCP packet and the index word are AAD, nothing is encrypted.
        var aadLength = rtcpLength + 4;
        var rented = ArrayPool<byte>.Shared.Rent(aadLength);
        try
        {
            packet[..rtcpLength].CopyTo(rented);
            BinaryPrimitives.WriteUInt32BigEndian(rented.AsSpan(rtcpLength, 4), indexWord);
            return TryDecrypt(_rtcpTags, nonce, [], tag, rented.AsSpan(0, aadLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Seal(ReadOnlySpan<byte> nonce, Span<byte> payload, Span<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (_intrinsics is { } fast)
        {
            fast.Encrypt(nonce, payload, aad, tag);
            return;
        }

        _gcm.Encrypt(nonce, payload, payload, tag, aad);
    }

    private bool TryDecrypt(GcmTagVerifier tags, ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (_intrinsics is { } fast)
        {
            return fast.TryDecrypt(nonce, data, tag, aad);
        }

        if (!tags.Verify(nonce, data, tag, aad))
        {
            return false;
        }

        tags.Decrypt(nonce, data);
        return true;
    }

    /// <summary>Salt XOR (0x0000 || SSRC || 48-bit index); the SRTCP index is the 48-bit value 0x0000 || 0 || index.</summary>
    private void BuildNonce(Span<byte> nonce, uint ssrc, ulong index)
    {
        _salt.CopyTo(nonce);
        var ssrcPart = BinaryPrimitives.ReadUInt32BigEndian(nonce[2..]) ^ ssrc;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrcPart);
        var indexHigh = BinaryPrimitives.ReadUInt16BigEndian(nonce[6..]) ^ (ushort)(index >> 32);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[6..], (ushort)indexHigh);
        var indexLow = BinaryPrimitives.ReadUInt32BigEndian(nonce[8..]) ^ (uint)index;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], indexLow);
    }

    public override void Dispose()
    {
        _gcm.Dispose();
        _rtpTags.Dispose();
        _rtcpTags.Dispose();
        _intrinsics?.Dispose();
        CryptographicOperations.ZeroMemory(_salt);
    }
}
