namespace Bridge.Sdp;

/// <summary>Media direction attribute (RFC 4566 §6, RFC 3264 §5.1). Absent means <see cref="SendRecv"/>.</summary>
public enum MediaDirection
{
    /// <summary>a=sendrecv: both directions.</summary>
    SendRecv,

    /// <summary>a=sendonly: the side that wrote it only sends.</summary>
    SendOnly,

    /// <summary>a=recvonly: the side that wrote it only receives.</summary>
    RecvOnly,

    /// <summary>a=inactive: neither direction (hold).</summary>
    Inactive,
}
