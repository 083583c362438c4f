namespace Bridge.Rtp;

/// <summary>RTCP packet types (RFC 3550 §12.1; feedback types from RFC 4585 §6.1).</summary>
public enum RtcpPacketType
{
    /// <summary>Sender report (§6.4.1).</summary>
    SenderReport = 200,

    /// <summary>Receiver report (§6.4.2).</summary>
    ReceiverReport = 201,

    /// <summary>Source description (§6.5).</summary>
    SourceDescription = 202,

    /// <summary>Goodbye (§6.6).</summary>
    Bye = 203,

    /// <summary>Application-defined (§6.7).</summary>
    App = 204,

    /// <summary>Transport-layer feedback (RFC 4585).</summary>
    TransportFeedback = 205,

    /// <summary>Payload-specific feedback (RFC 4585).</summary>
    PayloadFeedback = 206,

    /// <summary>Extended report (RFC 3611).</summary>
    ExtendedReport = 207,
}
