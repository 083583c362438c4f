using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>
/// Iterates the packets of an RTCP compound (RFC 3550 §6.1), checking each header as in A.2: version 2, a length
/// that fits, padding only on the last packet. Stops (returns false) at the end or at the first malformed packet;
/// <see cref="IsMalformed"/> tells the two apart.
/// </summary>
public ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    /// <summary>Reads the compound in <paramref name="data"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _offset = 0;
        IsMalformed = false;
    }

    /// <summary>True when iteration stopped on a malformed packet.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>
    /// Quick validity check of a whole compound (A.2): every header valid, the lengths add up exactly,
    /// and the first packet is an SR or RR unless <paramref name="allowReducedSize"/> (RFC 5506).
    /// </summary>
    public static bool IsValidCompound(ReadOnlySpan<byte> data, bool allowReducedSize = true)
    {
        var reader = new RtcpCompoundReader(data);
        bool first = true;
        while (reader.TryReadNext(out RtcpPacket packet))
        {
            if (first && !allowReducedSize && packet.PacketType is not (RtcpPacketType.SenderReport or RtcpPacketType.ReceiverReport))
            {
                return false;
            }

            first = false;
        }

        return !first && !reader.IsMalformed;
    }

    /// <summary>Reads the next packet.</summary>
    public bool TryReadNext(out RtcpPacket packet)
    {
        packet = default;
        if (IsMalformed || _offset >= _data.Length)
        {
            return false;
        }

        ReadOnlySpan<byte> rest = _data[_offset..];
        if (rest.Length < RtcpPacket.HeaderLength || (rest[0] >> 6) != 2)
        {
            IsMalformed = true;
            return false;
        }

        int length = 4 * (BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) + 1);
        if (length > rest.Length)
        {
            IsMalformed = true;
            return false;
        }

        int padding = 0;
        if ((rest[0] & 0x20) != 0)
        {
            padding = rest[length - 1];
            bool last = length == rest.Length;
            if (!last || padding == 0 || padding > length - RtcpPacket.HeaderLength)
            {
                IsMalformed = true;
                return false;
            }
        }

        packet = new RtcpPacket(rest[..length], padding);
        _offset += length;
        return true;
    }
}
