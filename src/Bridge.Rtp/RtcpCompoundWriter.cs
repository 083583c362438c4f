using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>
/// Builds an RTCP compound packet (RFC 3550 §6.1) into a caller's span: SR or RR first, then SDES with a CNAME,
/// then BYE when leaving. Each method returns false when the destination is too small; nothing throws.
/// </summary>
public ref struct RtcpCompoundWriter
{
    private readonly Span<byte> _destination;
    private int _length;

    /// <summary>Starts a compound at the beginning of <paramref name="destination"/>.</summary>
    public RtcpCompoundWriter(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The compound written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination[.._length];

    /// <summary>Appends an SR (§6.4.1) with up to 31 report blocks.</summary>
    public bool TryWriteSenderReport(uint ssrc, in RtcpSenderInfo info, scoped ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = RtcpPacket.HeaderLength + 4 + RtcpSenderInfo.Length + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > 31 || _length + length > _destination.Length)
        {
            return false;
        }

        Span<byte> packet = _destination.Slice(_length, length);
        WriteHeader(packet, blocks.Length, RtcpPacketType.SenderReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(packet[8..], info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[16..], info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet[20..], info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(packet[24..], info.OctetCount);
        WriteBlocks(packet[28..], blocks);
        _length += length;
        return true;
    }

    /// <summary>Appends an RR (§6.4.2) with up to 31 report blocks (none is valid: "nothing received yet").</summary>
    public bool TryWriteReceiverReport(uint ssrc, scoped ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = RtcpPacket.HeaderLength + 4 + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > 31 || _length + length > _destination.Length)
        {
            return false;
        }

        Span<byte> packet = _destination.Slice(_length, length);
        WriteHeader(packet, blocks.Length, RtcpPacketType.ReceiverReport, length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        WriteBlocks(packet[8..], blocks);
        _length += length;
        return true;
    }

    /// <summary>Appends an SDES with one chunk carrying a CNAME item (§6.5.1), at most 255 octets of UTF-8.</summary>
    public bool TryWriteSdesCname(uint ssrc, scoped ReadOnlySpan<byte> cname)
    {
        if (cname.Length > 255)
        {
            return false;
        }

        // SSRC, type, length, text, at least one null octet, padded to 32 bits.
        int chunk = (4 + 2 + cname.Length + 1 + 3) & ~3;
        int length = RtcpPacket.HeaderLength + chunk;
        if (_length + length > _destination.Length)
        {
            return false;
        }

        Span<byte> packet = _destination.Slice(_length, length);
        packet.Clear();
        WriteHeader(packet, 1, RtcpPacketType.SourceDescription, length);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        packet[8] = RtcpSdesReader.CnameItem;
        packet[9] = (byte)cname.Length;
        cname.CopyTo(packet[10..]);
        _length += length;
        return true;
    }

    /// <summary>Appends a BYE (§6.6) for up to 31 sources with an optional reason (at most 255 octets).</summary>
    public bool TryWriteBye(scoped ReadOnlySpan<uint> ssrcs, scoped ReadOnlySpan<byte> reason = default)
    {
        if (ssrcs.Length > 31 || reason.Length > 255)
        {
            return false;
        }

        int reasonLength = reason.IsEmpty ? 0 : (1 + reason.Length + 3) & ~3;
        int length = RtcpPacket.HeaderLength + (4 * ssrcs.Length) + reasonLength;
        if (_length + length > _destination.Length)
        {
            return false;
        }

        Span<byte> packet = _destination.Slice(_length, length);
        packet.Clear();
        WriteHeader(packet, ssrcs.Length, RtcpPacketType.Bye, length);
        for (int i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet[(4 + (4 * i))..], ssrcs[i]);
        }

        if (!reason.IsEmpty)
        {
            int at = 4 + (4 * ssrcs.Length);
            packet[at] = (byte)reason.Length;
            reason.CopyTo(packet[(at + 1)..]);
        }

        _length += length;
        return true;
    }

    private static void WriteHeader(Span<byte> packet, int count, RtcpPacketType type, int length)
    {
        packet[0] = (byte)(0x80 | count);
        packet[1] = (byte)type;
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)((length / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> destination, scoped ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].Write(destination[(i * RtcpReportBlock.Length)..]);
        }
    }
}
