using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>
/// A parsed view over one RTP packet (RFC 3550 §5.1) without copying. The header extension (§5.3.1) is kept raw,
/// so RFC 8285 one-byte and two-byte forms are both carried unchanged.
/// </summary>
public readonly ref struct RtpPacket
{
    /// <summary>The fixed header length (RFC 3550 §5.1).</summary>
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _data;

    private RtpPacket(ReadOnlySpan<byte> data, int headerLength, int payloadLength, int extensionOffset, int extensionLength, int paddingLength)
    {
        _data = data;
        HeaderLength = headerLength;
        PayloadLength = payloadLength;
        ExtensionOffset = extensionOffset;
        ExtensionLength = extensionLength;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet as received.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>Always 2 for a packet that parsed.</summary>
    public int Version => _data[0] >> 6;

    /// <summary>The P bit: the packet ends with padding octets (§5.1).</summary>
    public bool HasPadding => (_data[0] & 0x20) != 0;

    /// <summary>The X bit: a header extension follows the CSRC list (§5.3.1).</summary>
    public bool HasExtension => (_data[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (0–15).</summary>
    public int CsrcCount => _data[0] & 0x0F;

    /// <summary>The M bit; for audio it marks the first packet of a talkspurt (RFC 3551 §4.1).</summary>
    public bool Marker => (_data[1] & 0x80) != 0;

    /// <summary>The payload type (0–127).</summary>
    public int PayloadType => _data[1] & 0x7F;

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[2..]);

    /// <summary>The RTP timestamp in clock-rate units.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>The synchronisation source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    /// <summary>Length of the header including CSRCs and the extension.</summary>
    public int HeaderLength { get; }

    /// <summary>Length of the payload, without padding.</summary>
    public int PayloadLength { get; }

    /// <summary>Number of padding octets at the end, including the count octet itself (0 without padding).</summary>
    public int PaddingLength { get; }

    private int ExtensionOffset { get; }

    private int ExtensionLength { get; }

    /// <summary>The payload, without padding.</summary>
    public ReadOnlySpan<byte> Payload => _data.Slice(HeaderLength, PayloadLength);

    /// <summary>The profile-defined 16 bits of the header extension (0xBEDE for RFC 8285 one-byte, 0x100x for two-byte); 0 without extension.</summary>
    public ushort ExtensionProfile => HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_data[(ExtensionOffset - 4)..]) : (ushort)0;

    /// <summary>The raw header-extension body (a multiple of 4 octets, after the 4-octet extension header).</summary>
    public ReadOnlySpan<byte> ExtensionData => _data.Slice(ExtensionOffset, ExtensionLength);

    /// <summary>Returns the CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>
    /// Parses <paramref name="data"/> as an RTP packet. Returns false, never throws, for anything that is not a
    /// well-formed version 2 packet: too short, CSRCs or extension past the end, or a padding count that does not fit.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength || (data[0] >> 6) != 2)
        {
            return false;
        }

        int offset = FixedHeaderLength + (4 * (data[0] & 0x0F));
        if (offset > data.Length)
        {
            return false;
        }

        int extensionOffset = offset;
        int extensionLength = 0;
        if ((data[0] & 0x10) != 0)
        {
            if (offset + 4 > data.Length)
            {
                return false;
            }

            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
            extensionOffset = offset + 4;
            offset = extensionOffset + extensionLength;
            if (offset > data.Length)
            {
                return false;
            }
        }

        int padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            padding = data[^1];
            if (padding == 0 || offset + padding > data.Length)
            {
                return false;
            }
        }

        packet = new RtpPacket(data, offset, data.Length - offset - padding, extensionOffset, extensionLength, padding);
        return true;
    }

    /// <summary>
    /// True when the second octet marks an RTCP packet type 192–223 rather than RTP (RFC 5761 §4, rtcp-mux demultiplexing).
    /// </summary>
    public static bool LooksLikeRtcp(ReadOnlySpan<byte> data) => data.Length >= 2 && data[1] >= 192 && data[1] <= 223;
}
