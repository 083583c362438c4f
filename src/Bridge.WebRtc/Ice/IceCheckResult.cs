namespace Bridge.WebRtc.Ice;

/// <summary>What <see cref="IceLiteAgent.HandleStun"/> did with a datagram. A written response has a length above zero.</summary>
public enum IceCheckResult
{
    /// <summary>A valid check: success response written (RFC 8445 §7.3).</summary>
    Success,

    /// <summary>Not a well-formed STUN message, or FINGERPRINT missing or wrong: dropped, nothing written (RFC 8489 §7.3).</summary>
    DroppedMalformed,

    /// <summary>A response or indication (a lite agent sends no requests; indications are keepalives): ignored.</summary>
    DroppedNotRequest,

    /// <summary>The response buffer is smaller than <see cref="IceLiteAgent.MinimumResponseBufferLength"/>: dropped.</summary>
    DroppedNoBuffer,

    /// <summary>400: USERNAME or MESSAGE-INTEGRITY missing, PRIORITY missing, or not a Binding request (RFC 8489 §9.1.3).</summary>
    BadRequest,

    /// <summary>401: USERNAME is not "localUfrag:remoteUfrag", or MESSAGE-INTEGRITY is wrong (RFC 8489 §9.1.3).</summary>
    Unauthorized,

    /// <summary>420 with UNKNOWN-ATTRIBUTES: an unknown comprehension-required attribute (RFC 8489 §6.3.1.1).</summary>
    UnknownAttribute,

    /// <summary>487: the peer says it is controlled too; a lite agent is always controlled (RFC 8445 §7.3.1.1).</summary>
    RoleConflict,
}
