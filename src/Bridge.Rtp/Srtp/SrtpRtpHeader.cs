using System.Buffers.Binary;

namespace Bridge.Rtp.Srtp;

/// <summary>Reads just enough of an RTP header (RFC 3550 §5.1, §5.3.1) to find where SRTP encryption starts.</summary>
internal static class SrtpRtpHeader
{
    public const int FixedLength = 12;

    /// <summary>Header length including CSRCs and the header extension; false when malformed or not version 2.</summary>
    public static bool TryGetLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < FixedLength || (packet[0] >> 6) != 2)
        {
            return false;
        }

        var length = FixedLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(length + 2, 2)));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }
}
