using System.Buffers.Binary;

namespace Bridge.Rtp.Tests.Srtp;

/// <summary>Builds RTP and RTCP packets for the SRTP tests.</summary>
internal static class SrtpTestPackets
{
    /// <summary>Writes an RTP packet (optionally with CSRCs and a header extension) into <paramref name="buffer"/>; returns its length.</summary>
    public static int WriteRtp(Span<byte> buffer, ushort seq, uint ssrc, int payloadLength, int csrcCount = 0, int extensionWords = -1)
    {
        var extension = extensionWords >= 0;
        buffer[0] = (byte)(0x80 | (extension ? 0x10 : 0) | csrcCount);
        buffer[1] = 0; // PCMU
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], seq * 160u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ssrc);
        var offset = 12;
        for (var i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer[offset..], 0x1000u + (uint)i);
            offset += 4;
        }

        if (extension)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[offset..], 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(offset + 2)..], (ushort)extensionWords);
            offset += 4;
            for (var i = 0; i < extensionWords * 4; i++)
            {
                buffer[offset++] = (byte)(0xE0 + i);
            }
        }

        for (var i = 0; i < payloadLength; i++)
        {
            buffer[offset++] = (byte)(seq + (i * 7));
        }

        return offset;
    }

    /// <summary>Writes a sender report followed by an SDES packet; returns the compound length.</summary>
    public static int WriteRtcp(Span<byte> buffer, uint ssrc, uint counter)
    {
        // SR, no report blocks: 28 octets (RFC 3550 §6.4.1).
        buffer[0] = 0x80;
        buffer[1] = 200;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 6);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[8..], 0xE000_0000_0000_0000UL + counter);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], counter * 160);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[20..], counter);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[24..], counter * 172);

        // SDES with one CNAME "bridge": 4 + 4 + 2 + 6 + end, padded to 20 octets.
        var sdes = buffer[28..];
        sdes[0] = 0x81;
        sdes[1] = 202;
        BinaryPrimitives.WriteUInt16BigEndian(sdes[2..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(sdes[4..], ssrc);
        sdes[8] = 1;
        sdes[9] = 6;
        "bridge"u8.CopyTo(sdes[10..]);
        sdes[16..20].Clear();
        return 48;
    }
}
