using System.Buffers.Binary;

namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// Writes the RTCP feedback the forwarding unit sends to a browser that sends video: PLI (RFC 4585 §6.3.1), FIR
/// (RFC 5104 §4.3.1) and REMB (draft-alvestrand-rmcat-remb §2.2), each after an empty receiver report so the packet is
/// a valid compound (RFC 3550 §6.1; reduced-size RTCP, RFC 5506, is not negotiated). Reads the NACK FCI (RFC 4585
/// §6.2.1) and the REMB bitrate. All of it in the caller's buffer, without allocating.
/// </summary>
internal static class RtcpFeedback
{
    /// <summary>RTPFB (RFC 4585 §6.1).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>PSFB (RFC 4585 §6.1).</summary>
    public const byte PayloadFeedback = 206;

    /// <summary>FMT of a generic NACK (RTPFB).</summary>
    public const int NackFormat = 1;

    /// <summary>FMT of a PLI (PSFB).</summary>
    public const int PliFormat = 1;

    /// <summary>FMT of a FIR (PSFB, RFC 5104 §4.3.1).</summary>
    public const int FirFormat = 4;

    /// <summary>FMT of application-layer feedback (PSFB), which REMB is.</summary>
    public const int AfbFormat = 15;

    /// <summary>Largest packet written here (RR + REMB with one SSRC).</summary>
    public const int MaxLength = 8 + 24;

    /// <summary>Largest report compound (an RR with a block for the camera and the screen, then a REMB for each).</summary>
    public const int MaxReportLength = 8 + (2 * 24) + (2 * RembLength);

    /// <summary>Length of a REMB packet with one SSRC.</summary>
    public const int RembLength = 24;

    private const uint RembIdentifier = 0x52454D42; // "REMB"

    /// <summary>An empty RR then a PLI for <paramref name="mediaSsrc"/>; returns the length (20).</summary>
    public static int WritePli(Span<byte> buffer, uint senderSsrc, uint mediaSsrc)
    {
        int offset = WriteEmptyReceiverReport(buffer, senderSsrc);
        WriteHeader(buffer[offset..], PliFormat, PayloadFeedback, 2);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 4)..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 8)..], mediaSsrc);
        return offset + 12;
    }

    /// <summary>An empty RR then a FIR for <paramref name="mediaSsrc"/> with command sequence number <paramref name="sequence"/>; returns the length (28).</summary>
    public static int WriteFir(Span<byte> buffer, uint senderSsrc, uint mediaSsrc, byte sequence)
    {
        int offset = WriteEmptyReceiverReport(buffer, senderSsrc);
        WriteHeader(buffer[offset..], FirFormat, PayloadFeedback, 4);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 4)..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 8)..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 12)..], mediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[(offset + 16)..], (uint)sequence << 24);
        return offset + 20;
    }

    /// <summary>An empty RR then a REMB of <paramref name="bitsPerSecond"/> for <paramref name="mediaSsrc"/>; returns the length (32).</summary>
    public static int WriteRemb(Span<byte> buffer, uint senderSsrc, uint mediaSsrc, long bitsPerSecond)
    {
        int offset = WriteEmptyReceiverReport(buffer, senderSsrc);
        return offset + WriteRembPacket(buffer[offset..], senderSsrc, mediaSsrc, bitsPerSecond);
    }

    /// <summary>A REMB packet alone (to follow an RR in a compound); returns its length (<see cref="RembLength"/>).</summary>
    public static int WriteRembPacket(Span<byte> buffer, uint senderSsrc, uint mediaSsrc, long bitsPerSecond)
    {
        WriteHeader(buffer, AfbFormat, PayloadFeedback, 5);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[12..], RembIdentifier);
        ulong mantissa = (ulong)Math.Max(0, bitsPerSecond);
        int exponent = 0;
        while (mantissa > 0x3FFFF)
        {
            mantissa >>= 1;
            exponent++;
        }

        BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], (1u << 24) | ((uint)exponent << 18) | (uint)mantissa);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[20..], mediaSsrc);
        return RembLength;
    }

    /// <summary>Reads a REMB from the body of a PSFB/AFB packet (after the common header); false when it is not one.</summary>
    public static bool TryReadRemb(ReadOnlySpan<byte> body, out long bitsPerSecond, out int ssrcCount)
    {
        bitsPerSecond = 0;
        ssrcCount = 0;
        if (body.Length < 16 || BinaryPrimitives.ReadUInt32BigEndian(body[8..]) != RembIdentifier)
        {
            return false;
        }

        uint word = BinaryPrimitives.ReadUInt32BigEndian(body[12..]);
        ssrcCount = (int)(word >> 24);
        int exponent = (int)((word >> 18) & 0x3F);
        long mantissa = word & 0x3FFFF;
        if (body.Length < 16 + (4 * ssrcCount) || exponent > 40)
        {
            return false;
        }

        bitsPerSecond = mantissa << exponent;
        return true;
    }

    /// <summary>The SSRC at <paramref name="index"/> of a REMB body's list.</summary>
    public static uint RembSsrc(ReadOnlySpan<byte> body, int index) => BinaryPrimitives.ReadUInt32BigEndian(body[(16 + (4 * index))..]);

    private static int WriteEmptyReceiverReport(Span<byte> buffer, uint senderSsrc)
    {
        WriteHeader(buffer, 0, 201, 1);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], senderSsrc);
        return 8;
    }

    private static void WriteHeader(Span<byte> buffer, int count, byte packetType, int lengthWords)
    {
        buffer[0] = (byte)(0x80 | count);
        buffer[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)lengthWords);
    }
}
