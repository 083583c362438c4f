namespace Bridge.WebRtc.Stun;

/// <summary>Fixed numbers of the STUN wire format (RFC 8489 §5, §14.7).</summary>
internal static class StunConstants
{
    /// <summary>The 20-octet header: type, length, magic cookie, transaction id (RFC 8489 §5).</summary>
    public const int HeaderLength = 20;

    /// <summary>Type and length in front of every attribute value (RFC 8489 §14).</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>Length of the transaction id (RFC 8489 §5).</summary>
    public const int TransactionIdLength = 12;

    /// <summary>The magic cookie 0x2112A442 that tells STUN from RFC 3489 and from other protocols (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>The value XOR'ed into the CRC-32 of the FINGERPRINT attribute (RFC 8489 §14.7).</summary>
    public const uint FingerprintXor = 0x5354554E;

    /// <summary>Length of the HMAC-SHA1 value of MESSAGE-INTEGRITY (RFC 8489 §14.5).</summary>
    public const int MessageIntegrityLength = 20;

    /// <summary>Whole MESSAGE-INTEGRITY attribute, header included.</summary>
    public const int MessageIntegrityAttributeLength = AttributeHeaderLength + MessageIntegrityLength;

    /// <summary>Whole FINGERPRINT attribute, header included.</summary>
    public const int FingerprintAttributeLength = AttributeHeaderLength + 4;

    /// <summary>USERNAME is shorter than 513 octets (RFC 8489 §14.3).</summary>
    public const int MaxUsernameLength = 512;

    /// <summary>ERROR-CODE: 4 octets, then a reason of at most 763 octets (RFC 8489 §14.8).</summary>
    public const int MaxErrorCodeLength = 4 + 763;
}
