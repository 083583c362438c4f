namespace Bridge.Sdp.WebRtc;

/// <summary>What an accepted video m-line carries, from the bridge's point of view (RFC 3264 §6.1 directions).</summary>
public enum WebRtcVideoRole
{
    /// <summary>The browser sends (its camera or its screen; offered sendonly or sendrecv, answered recvonly).</summary>
    Receive,

    /// <summary>The browser receives one forwarded video (a slot; offered recvonly, answered sendonly with our SSRC).</summary>
    Send,

    /// <summary>Offered inactive: answered inactive, nothing flows.</summary>
    Inactive,
}
