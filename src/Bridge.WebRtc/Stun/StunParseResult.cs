namespace Bridge.WebRtc.Stun;

/// <summary>What <see cref="StunMessageReader.TryParse"/> made of a datagram.</summary>
internal enum StunParseResult
{
    /// <summary>A well-formed STUN message.</summary>
    Ok,

    /// <summary>Shorter than the 20-octet header.</summary>
    TooShort,

    /// <summary>The first two bits are not zero or the magic cookie is wrong (RFC 8489 §6.3).</summary>
    NotStun,

    /// <summary>The length field is not a multiple of 4 or does not match the datagram (RFC 8489 §6.3).</summary>
    BadLength,

    /// <summary>An attribute runs past the message, has a length its type forbids, or follows FINGERPRINT.</summary>
    MalformedAttribute,
}
