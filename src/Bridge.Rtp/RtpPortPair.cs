namespace Bridge.Rtp;

/// <summary>An even RTP port and the odd RTCP port above it (RFC 3550 §11).</summary>
/// <param name="RtpPort">The even port carrying RTP.</param>
public readonly record struct RtpPortPair(int RtpPort)
{
    /// <summary>The odd port carrying RTCP when RTCP is not multiplexed.</summary>
    public int RtcpPort => RtpPort + 1;
}
