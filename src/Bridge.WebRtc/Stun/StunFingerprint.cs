using System.Buffers.Binary;

namespace Bridge.WebRtc.Stun;

/// <summary>FINGERPRINT: CRC-32 of the message before the attribute, XOR 0x5354554E (RFC 8489 §14.7).</summary>
internal static class StunFingerprint
{
    /// <summary>The FINGERPRINT value for a message whose header length already counts the attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> messageBeforeFingerprint) =>
        StunCrc32.Compute(messageBeforeFingerprint) ^ StunConstants.FingerprintXor;

    /// <summary>Whether the FINGERPRINT attribute at <paramref name="fingerprintOffset"/> (the last attribute) is right.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int fingerprintOffset)
    {
        if (fingerprintOffset < StunConstants.HeaderLength
            || fingerprintOffset + StunConstants.FingerprintAttributeLength != message.Length)
        {
            return false;
        }

        var expected = BinaryPrimitives.ReadUInt32BigEndian(message[(fingerprintOffset + StunConstants.AttributeHeaderLength)..]);
        return Compute(message[..fingerprintOffset]) == expected;
    }
}
