using System.Buffers.Binary;
using System.Net;

namespace Bridge.WebRtc.Stun;

/// <summary>
/// Writes one STUN message into the caller's buffer (RFC 8489 §5, §14), keeping the header length current
/// after each attribute. MESSAGE-INTEGRITY and FINGERPRINT are added last, in that order (§14.5, §14.7).
/// A buffer too small is a programming error (callers size it from the attributes they add) and throws.
/// </summary>
internal ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of <paramref name="type"/> with the given 12-octet transaction id.</summary>
    public StunMessageWriter(Span<byte> buffer, ushort type, ReadOnlySpan<byte> transactionId)
    {
        if (buffer.Length < StunConstants.HeaderLength || transactionId.Length != StunConstants.TransactionIdLength)
        {
            ThrowTooSmall();
        }

        _buffer = buffer;
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunConstants.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunConstants.HeaderLength;
        SetHeaderLength(_length);
    }

    /// <summary>Octets written so far (the whole message once the last attribute is added).</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Adds an attribute; the padding octets get <paramref name="padding"/> (any value is allowed, RFC 8489 §14).</summary>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value, byte padding = 0) =>
        value.CopyTo(Reserve(type, value.Length, padding));

    /// <summary>USERNAME (RFC 8489 §14.3), UTF-8.</summary>
    public void AddUsername(scoped ReadOnlySpan<byte> username, byte padding = 0) =>
        AddAttribute(StunAttributeType.Username, username, padding);

    /// <summary>SOFTWARE (RFC 8489 §14.14), UTF-8.</summary>
    public void AddSoftware(scoped ReadOnlySpan<byte> software, byte padding = 0) =>
        AddAttribute(StunAttributeType.Software, software, padding);

    /// <summary>PRIORITY (RFC 8445 §16.1).</summary>
    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4, 0), priority);

    /// <summary>USE-CANDIDATE (RFC 8445 §16.1), no value.</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0, 0);

    /// <summary>ICE-CONTROLLING with its tiebreaker (RFC 8445 §16.1).</summary>
    public void AddIceControlling(ulong tiebreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8, 0), tiebreaker);

    /// <summary>ICE-CONTROLLED with its tiebreaker (RFC 8445 §16.1).</summary>
    public void AddIceControlled(ulong tiebreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8, 0), tiebreaker);

    /// <summary>ERROR-CODE (RFC 8489 §14.8) with the code's standard reason phrase.</summary>
    public void AddErrorCode(int code)
    {
        var reason = StunErrorCode.Reason(code);
        var value = Reserve(StunAttributeType.ErrorCode, 4 + reason.Length, 0);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
    }

    /// <summary>UNKNOWN-ATTRIBUTES (RFC 8489 §14.9), for a 420 answer.</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        var value = Reserve(StunAttributeType.UnknownAttributes, types.Length * 2, 0);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
        }
    }

    /// <summary>XOR-MAPPED-ADDRESS (RFC 8489 §14.2) from a raw address of 4 or 16 octets.</summary>
    public void AddXorMappedAddress(scoped ReadOnlySpan<byte> address, ushort port)
    {
        var transactionId = _buffer.Slice(8, StunConstants.TransactionIdLength);
        var value = Reserve(StunAttributeType.XorMappedAddress, 4 + address.Length, 0);
        StunXorAddress.Encode(address, port, transactionId, value);
    }

    /// <summary>XOR-MAPPED-ADDRESS for the source of a datagram; false (nothing written) for a family other than IPv4/IPv6.</summary>
    public bool AddXorMappedAddress(SocketAddress source)
    {
        Span<byte> address = stackalloc byte[16];
        var length = StunXorAddress.ReadSocketAddress(source, address, out var port);
        if (length == 0)
        {
            return false;
        }

        AddXorMappedAddress(address[..length], port);
        return true;
    }

    /// <summary>MESSAGE-INTEGRITY over everything written so far (RFC 8489 §14.5).</summary>
    public void AddMessageIntegrity(StunMessageIntegrity integrity)
    {
        var offset = _length;
        var value = Reserve(StunAttributeType.MessageIntegrity, StunConstants.MessageIntegrityLength, 0);
        integrity.Compute(_buffer, offset, value);
    }

    /// <summary>FINGERPRINT over everything written so far (RFC 8489 §14.7); the last attribute.</summary>
    public void AddFingerprint()
    {
        var offset = _length;
        var value = Reserve(StunAttributeType.Fingerprint, 4, 0);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(_buffer[..offset]));
    }

    private Span<byte> Reserve(ushort type, int valueLength, byte padding)
    {
        var padded = (valueLength + 3) & ~3;
        var total = StunConstants.AttributeHeaderLength + padded;
        if (total > _buffer.Length - _length || _length + total - StunConstants.HeaderLength > ushort.MaxValue)
        {
            ThrowTooSmall();
        }

        var attribute = _buffer.Slice(_length, total);
        BinaryPrimitives.WriteUInt16BigEndian(attribute, type);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[(StunConstants.AttributeHeaderLength + valueLength)..].Fill(padding);
        _length += total;
        SetHeaderLength(_length);
        return attribute.Slice(StunConstants.AttributeHeaderLength, valueLength);
    }

    private readonly void SetHeaderLength(int total) =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(total - StunConstants.HeaderLength));

    private static void ThrowTooSmall() =>
        throw new ArgumentException("The buffer is too small for the STUN message, or the transaction id is not 12 octets.");
}
