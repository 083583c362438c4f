using System.Buffers.Binary;

namespace Bridge.WebRtc.Stun;

/// <summary>
/// A parsed view of one STUN message over the caller's bytes (RFC 8489 §5, §6.3, §14). Parsing copies
/// nothing: the reader keeps the span and the offsets of the attributes ICE needs. Only the first
/// occurrence of an attribute counts (RFC 8489 §14); after MESSAGE-INTEGRITY everything but FINGERPRINT
/// is ignored (§14.5), and nothing may follow FINGERPRINT (§14.7).
/// </summary>
internal ref struct StunMessageReader
{
    /// <summary>How many unknown comprehension-required types are remembered for a 420 answer.</summary>
    public const int MaxUnknownAttributes = 4;

    private ReadOnlySpan<byte> _message;
    private int _usernameOffset;
    private int _usernameLength;
    private int _xorMappedOffset;
    private int _xorMappedLength;
    private int _errorCodeOffset;
    private int _errorCodeLength;
    private ushort _unknown0;
    private ushort _unknown1;
    private ushort _unknown2;
    private ushort _unknown3;
    private bool _hasIceControlling;
    private ulong _iceControlling;
    private bool _hasIceControlled;
    private ulong _iceControlled;

    /// <summary>The message type (method and class, RFC 8489 §5).</summary>
    public ushort Type { get; private set; }

    /// <summary>The whole message, header included.</summary>
    public readonly ReadOnlySpan<byte> Message => _message;

    /// <summary>The 96-bit transaction id.</summary>
    public readonly ReadOnlySpan<byte> TransactionId => _message.Slice(8, StunConstants.TransactionIdLength);

    /// <summary>Offset of the MESSAGE-INTEGRITY attribute header, or -1.</summary>
    public int MessageIntegrityOffset { get; private set; }

    /// <summary>Offset of the FINGERPRINT attribute header, or -1.</summary>
    public int FingerprintOffset { get; private set; }

    /// <summary>Whether USERNAME is present.</summary>
    public readonly bool HasUsername => _usernameOffset >= 0;

    /// <summary>The USERNAME value (UTF-8), empty when absent.</summary>
    public readonly ReadOnlySpan<byte> Username =>
        _usernameOffset < 0 ? default : _message.Slice(_usernameOffset, _usernameLength);

    /// <summary>Whether PRIORITY is present (RFC 8445 §16.1).</summary>
    public bool HasPriority { get; private set; }

    /// <summary>The PRIORITY value.</summary>
    public uint Priority { get; private set; }

    /// <summary>Whether USE-CANDIDATE is present (RFC 8445 §16.1).</summary>
    public bool UseCandidate { get; private set; }

    /// <summary>Whether ICE-CONTROLLING is present (RFC 8445 §16.1).</summary>
    public readonly bool HasIceControlling => _hasIceControlling;

    /// <summary>The ICE-CONTROLLING tiebreaker.</summary>
    public readonly ulong IceControlling => _iceControlling;

    /// <summary>Whether ICE-CONTROLLED is present (RFC 8445 §16.1).</summary>
    public readonly bool HasIceControlled => _hasIceControlled;

    /// <summary>The ICE-CONTROLLED tiebreaker.</summary>
    public readonly ulong IceControlled => _iceControlled;

    /// <summary>The XOR-MAPPED-ADDRESS value, empty when absent (decode with <see cref="StunXorAddress"/>).</summary>
    public readonly ReadOnlySpan<byte> XorMappedAddress =>
        _xorMappedOffset < 0 ? default : _message.Slice(_xorMappedOffset, _xorMappedLength);

    /// <summary>Whether ERROR-CODE is present.</summary>
    public readonly bool HasErrorCode => _errorCodeOffset >= 0;

    /// <summary>The ERROR-CODE number (class × 100 + number, RFC 8489 §14.8), or 0.</summary>
    public readonly int ErrorCode => _errorCodeOffset < 0
        ? 0
        : (_message[_errorCodeOffset + 2] & 0x07) * 100 + _message[_errorCodeOffset + 3];

    /// <summary>The ERROR-CODE reason phrase (UTF-8), empty when absent.</summary>
    public readonly ReadOnlySpan<byte> ErrorReason =>
        _errorCodeOffset < 0 ? default : _message.Slice(_errorCodeOffset + 4, _errorCodeLength - 4);

    /// <summary>How many comprehension-required attributes this stack does not know (RFC 8489 §6.3.1.1).</summary>
    public int UnknownComprehensionRequiredCount { get; private set; }

    /// <summary>Copies the first unknown comprehension-required types (at most <see cref="MaxUnknownAttributes"/>).</summary>
    public readonly int CopyUnknownAttributes(Span<ushort> destination)
    {
        var count = Math.Min(Math.Min(UnknownComprehensionRequiredCount, MaxUnknownAttributes), destination.Length);
        for (var i = 0; i < count; i++)
        {
            destination[i] = i switch { 0 => _unknown0, 1 => _unknown1, 2 => _unknown2, _ => _unknown3 };
        }

        return count;
    }

    /// <summary>
    /// Parses <paramref name="datagram"/>, which must hold exactly one STUN message (over UDP the message
    /// length plus 20 equals the datagram length, RFC 8489 §6.3). Never throws on bad input.
    /// </summary>
    public static StunParseResult TryParse(ReadOnlySpan<byte> datagram, out StunMessageReader reader)
    {
        reader = default;
        if (datagram.Length < StunConstants.HeaderLength)
        {
            return StunParseResult.TooShort;
        }

        if ((datagram[0] & 0xC0) != 0 || BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != StunConstants.MagicCookie)
        {
            return StunParseResult.NotStun;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || StunConstants.HeaderLength + length != datagram.Length)
        {
            return StunParseResult.BadLength;
        }

        reader._message = datagram;
        reader.Type = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        reader._usernameOffset = -1;
        reader._xorMappedOffset = -1;
        reader._errorCodeOffset = -1;
        reader.MessageIntegrityOffset = -1;
        reader.FingerprintOffset = -1;
        return reader.ReadAttributes() ? StunParseResult.Ok : StunParseResult.MalformedAttribute;
    }

    private bool ReadAttributes()
    {
        var offset = StunConstants.HeaderLength;
        while (offset < _message.Length)
        {
            if (FingerprintOffset >= 0 || _message.Length - offset < StunConstants.AttributeHeaderLength)
            {
                return false;
            }

            var type = BinaryPrimitives.ReadUInt16BigEndian(_message[offset..]);
            int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(offset + 2)..]);
            var padded = (length + 3) & ~3;
            var valueOffset = offset + StunConstants.AttributeHeaderLength;
            if (padded > _message.Length - valueOffset)
            {
                return false;
            }

            if (type == StunAttributeType.Fingerprint)
            {
                if (length != 4)
                {
                    return false;
                }

                FingerprintOffset = offset;
            }
            else if (MessageIntegrityOffset < 0 && !ReadAttribute(type, valueOffset, length))
            {
                return false;
            }

            offset = valueOffset + padded;
        }

        return true;
    }

    private bool ReadAttribute(ushort type, int valueOffset, int length)
    {
        var value = _message.Slice(valueOffset, length);
        switch (type)
        {
            case StunAttributeType.Username:
                if (length > StunConstants.MaxUsernameLength)
                {
                    return false;
                }

                if (_usernameOffset < 0)
                {
                    _usernameOffset = valueOffset;
                    _usernameLength = length;
                }

                return true;
            case StunAttributeType.MessageIntegrity:
                if (length != StunConstants.MessageIntegrityLength)
                {
                    return false;
                }

                MessageIntegrityOffset = valueOffset - StunConstants.AttributeHeaderLength;
                return true;
            case StunAttributeType.XorMappedAddress:
                if (length != 8 && length != 20)
                {
                    return false;
                }

                if (_xorMappedOffset < 0)
                {
                    _xorMappedOffset = valueOffset;
                    _xorMappedLength = length;
                }

                return true;
            case StunAttributeType.ErrorCode:
                if (length < 4 || length > StunConstants.MaxErrorCodeLength)
                {
                    return false;
                }

                if (_errorCodeOffset < 0)
                {
                    _errorCodeOffset = valueOffset;
                    _errorCodeLength = length;
                }

                return true;
            case StunAttributeType.Priority:
                if (length != 4)
                {
                    return false;
                }

                if (!HasPriority)
                {
                    HasPriority = true;
                    Priority = BinaryPrimitives.ReadUInt32BigEndian(value);
                }

                return true;
            case StunAttributeType.UseCandidate:
                UseCandidate = true;
                return length == 0;
            case StunAttributeType.IceControlling:
                return ReadTiebreaker(value, ref _hasIceControlling, ref _iceControlling);
            case StunAttributeType.IceControlled:
                return ReadTiebreaker(value, ref _hasIceControlled, ref _iceControlled);
            default:
                if (StunAttributeType.IsComprehensionRequired(type) && !StunAttributeType.IsKnownComprehensionRequired(type))
                {
                    RememberUnknown(type);
                }

                return true;
        }
    }

    /// <summary>ICE-CONTROLLING and ICE-CONTROLLED: a 64-bit tiebreaker; the first occurrence counts.</summary>
    private static bool ReadTiebreaker(ReadOnlySpan<byte> value, ref bool present, ref ulong tiebreaker)
    {
        if (value.Length != 8)
        {
            return false;
        }

        if (!present)
        {
            present = true;
            tiebreaker = BinaryPrimitives.ReadUInt64BigEndian(value);
        }

        return true;
    }

    private void RememberUnknown(ushort type)
    {
        switch (UnknownComprehensionRequiredCount)
        {
            case 0: _unknown0 = type; break;
            case 1: _unknown1 = type; break;
            case 2: _unknown2 = type; break;
            case 3: _unknown3 = type; break;
        }

        UnknownComprehensionRequiredCount++;
    }
}
