namespace Bridge.Sdp;

/// <summary>What a new offer/answer exchange inside a dialog changed for the audio stream (RFC 3264 §8).</summary>
[Flags]
public enum MediaChanges
{
    /// <summary>Nothing: a session refresh that repeated the previous description.</summary>
    None = 0,

    /// <summary>The direction changed: hold (sendonly, inactive, c=0.0.0.0) or resume (§8.4).</summary>
    Direction = 1,

    /// <summary>The peer's RTP or RTCP address or port changed (§8.3.1).</summary>
    RemoteAddress = 2,

    /// <summary>Another codec (or payload type) of the initially negotiated set was chosen (§8.3.2).</summary>
    Codec = 4,

    /// <summary>The telephone-event payload type changed.</summary>
    TelephoneEvent = 8,

    /// <summary>The peer sent a new SRTP key (RFC 4568 §7.1.4): a new receive context is needed.</summary>
    RemoteKey = 16,

    /// <summary>Our SRTP key changed (the suite changed): a new send context is needed.</summary>
    LocalKey = 32,

    /// <summary>The audio stream was disabled with port 0 (§8.2): media stops, the call stays up.</summary>
    Disabled = 64,

    /// <summary>A stream disabled earlier was offered again with a port.</summary>
    Enabled = 128,
}
