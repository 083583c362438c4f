using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>
/// A view over one RTCP packet of a compound (RFC 3550 §6.1 common header). Accessors that read the body
/// check lengths and return false instead of throwing.
/// </summary>
public readonly ref struct RtcpPacket
{
    /// <summary>Length of the common header.</summary>
    public const int HeaderLength = 4;

    private readonly ReadOnlySpan<byte> _data;

    internal RtcpPacket(ReadOnlySpan<byte> data, int paddingLength)
    {
        _data = data;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet, header included, padding included.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>The RC/SC/subtype field (5 bits): report blocks, SDES chunks, BYE sources.</summary>
    public int Count => _data[0] & 0x1F;

    /// <summary>The packet type (200 SR, 201 RR, 202 SDES, 203 BYE, 204 APP…).</summary>
    public RtcpPacketType PacketType => (RtcpPacketType)_data[1];

    /// <summary>Padding octets at the end of this packet (only the last packet of a compound may pad).</summary>
    public int PaddingLength { get; }

    /// <summary>The body after the common header, without padding.</summary>
    public ReadOnlySpan<byte> Body => _data[HeaderLength..(_data.Length - PaddingLength)];

    /// <summary>The first SSRC of the body (sender of an SR/RR, first chunk or source of SDES/BYE), 0 if the body is empty.</summary>
    public uint Ssrc => Body.Length >= 4 ? BinaryPrimitives.ReadUInt32BigEndian(Body) : 0;

    /// <summary>Reads the sender information of an SR (§6.4.1).</summary>
    public bool TryGetSenderInfo(out RtcpSenderInfo info)
    {
        info = default;
        ReadOnlySpan<byte> body = Body;
        if (PacketType != RtcpPacketType.SenderReport || body.Length < 4 + RtcpSenderInfo.Length)
        {
            return false;
        }

        info = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        return true;
    }

    /// <summary>Number of report blocks present in an SR or RR (RC, bounded by the body length).</summary>
    public int ReportBlockCount
    {
        get
        {
            int offset = ReportBlocksOffset;
            if (offset < 0)
            {
                return 0;
            }

            return Math.Min(Count, (Body.Length - offset) / RtcpReportBlock.Length);
        }
    }

    private int ReportBlocksOffset => PacketType switch
    {
        RtcpPacketType.SenderReport => 4 + RtcpSenderInfo.Length,
        RtcpPacketType.ReceiverReport => 4,
        _ => -1,
    };

    /// <summary>Reads report block <paramref name="index"/> of an SR or RR.</summary>
    public bool TryGetReportBlock(int index, out RtcpReportBlock block)
    {
        block = default;
        if (index < 0 || index >= ReportBlockCount)
        {
            return false;
        }

        block = RtcpReportBlock.Read(Body[(ReportBlocksOffset + (index * RtcpReportBlock.Length))..]);
        return true;
    }

    /// <summary>Reads source <paramref name="index"/> of a BYE (§6.6).</summary>
    public bool TryGetByeSsrc(int index, out uint ssrc)
    {
        ssrc = 0;
        ReadOnlySpan<byte> body = Body;
        if (PacketType != RtcpPacketType.Bye || index < 0 || index >= Count || (index + 1) * 4 > body.Length)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(body[(index * 4)..]);
        return true;
    }

    /// <summary>Finds the CNAME item (§6.5.1) of the first SDES chunk that has one.</summary>
    public bool TryGetCname(out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (PacketType != RtcpPacketType.SourceDescription)
        {
            return false;
        }

        var reader = new RtcpSdesReader(Body, Count);
        while (reader.TryReadChunk(out uint chunkSsrc))
        {
            while (reader.TryReadItem(out byte type, out ReadOnlySpan<byte> value))
            {
                if (type == RtcpSdesReader.CnameItem)
                {
                    ssrc = chunkSsrc;
                    cname = value;
                    return true;
                }
            }
        }

        return false;
    }
}
