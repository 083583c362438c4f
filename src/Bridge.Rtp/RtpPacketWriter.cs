using System.Buffers.Binary;

namespace Bridge.Rtp;

/// <summary>
/// Builds an RTP packet (RFC 3550 §5.1) into a caller's span, in order: header, optional extension, payload, optional padding.
/// Every step returns false when the destination is too small or the step is out of order; nothing throws.
/// </summary>
public ref struct RtpPacketWriter
{
    private readonly Span<byte> _destination;
    private int _length;
    private int _stage;

    /// <summary>Starts a packet at the beginning of <paramref name="destination"/>.</summary>
    public RtpPacketWriter(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
        _stage = 0;
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The packet written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _destination[.._length];

    /// <summary>Writes the fixed header and the CSRC list (at most 15).</summary>
    public bool TryWriteHeader(bool marker, int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc, scoped ReadOnlySpan<uint> csrcs = default)
    {
        int length = RtpPacket.FixedHeaderLength + (4 * csrcs.Length);
        if (_stage != 0 || (uint)payloadType > 127 || csrcs.Length > 15 || length > _destination.Length)
        {
            return false;
        }

        _destination[0] = (byte)(0x80 | csrcs.Length);
        _destination[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(_destination[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(_destination[8..], ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_destination[(12 + (4 * i))..], csrcs[i]);
        }

        _length = length;
        _stage = 1;
        return true;
    }

    /// <summary>Writes a header extension (RFC 3550 §5.3.1) with a raw body whose length is a multiple of 4 (RFC 8285 elements already laid out).</summary>
    public bool TryWriteExtension(ushort profile, scoped ReadOnlySpan<byte> body)
    {
        if (_stage != 1 || body.Length % 4 != 0 || body.Length / 4 > ushort.MaxValue || _length + 4 + body.Length > _destination.Length)
        {
            return false;
        }

        _destination[0] |= 0x10;
        BinaryPrimitives.WriteUInt16BigEndian(_destination[_length..], profile);
        BinaryPrimitives.WriteUInt16BigEndian(_destination[(_length + 2)..], (ushort)(body.Length / 4));
        body.CopyTo(_destination[(_length + 4)..]);
        _length += 4 + body.Length;
        _stage = 2;
        return true;
    }

    /// <summary>Copies the payload after the header (and extension).</summary>
    public bool TryWritePayload(scoped ReadOnlySpan<byte> payload)
    {
        if (_stage is < 1 or > 2 || _length + payload.Length > _destination.Length)
        {
            return false;
        }

        payload.CopyTo(_destination[_length..]);
        _length += payload.Length;
        _stage = 3;
        return true;
    }

    /// <summary>Appends <paramref name="count"/> padding octets (1–255), the last holding the count, and sets the P bit (§5.1).</summary>
    public bool TryWritePadding(int count)
    {
        if (_stage is < 1 or > 3 || count is < 1 or > 255 || _length + count > _destination.Length)
        {
            return false;
        }

        _destination.Slice(_length, count - 1).Clear();
        _destination[_length + count - 1] = (byte)count;
        _destination[0] |= 0x20;
        _length += count;
        _stage = 4;
        return true;
    }
}
