using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Bridge.WebRtc.Stun;

/// <summary>
/// MESSAGE-INTEGRITY: HMAC-SHA1 over the message up to the attribute, with the header length counting
/// the attribute itself (RFC 8489 §14.5). One instance holds one key (for ICE, the short-term password,
/// §9.1.1) and reuses one <see cref="IncrementalHash"/>, so computing and verifying allocate nothing.
/// Not thread-safe: the owner serialises calls.
/// </summary>
internal sealed class StunMessageIntegrity : IDisposable
{
    private readonly IncrementalHash _hmac;

    /// <summary>Creates the HMAC for <paramref name="key"/> (the password as UTF-8 for short-term credentials).</summary>
    public StunMessageIntegrity(ReadOnlySpan<byte> key) => _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);

    /// <summary>
    /// Computes the HMAC of <paramref name="message"/>[..<paramref name="integrityOffset"/>] as if the
    /// header length ended right after a MESSAGE-INTEGRITY attribute at that offset.
    /// </summary>
    public void Compute(ReadOnlySpan<byte> message, int integrityOffset, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        message[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(
            header[2..],
            (ushort)(integrityOffset - StunConstants.HeaderLength + StunConstants.MessageIntegrityAttributeLength));
        _hmac.AppendData(header);
        _hmac.AppendData(message[StunConstants.HeaderLength..integrityOffset]);
        _hmac.GetHashAndReset(mac);
    }

    /// <summary>Whether the MESSAGE-INTEGRITY attribute at <paramref name="integrityOffset"/> is right (constant-time compare).</summary>
    public bool Verify(ReadOnlySpan<byte> message, int integrityOffset)
    {
        if (integrityOffset < StunConstants.HeaderLength
            || integrityOffset + StunConstants.MessageIntegrityAttributeLength > message.Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[StunConstants.MessageIntegrityLength];
        Compute(message, integrityOffset, mac);
        return CryptographicOperations.FixedTimeEquals(
            mac,
            message.Slice(integrityOffset + StunConstants.AttributeHeaderLength, StunConstants.MessageIntegrityLength));
    }

    /// <inheritdoc />
    public void Dispose() => _hmac.Dispose();
}
