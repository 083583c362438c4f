namespace Bridge.Rtp;

/// <summary>Settings of an <see cref="RtpSession"/> that are known before negotiation.</summary>
public sealed record RtpSessionOptions
{
    /// <summary>RTP clock rate of the audio stream (for SR timestamps and jitter), default 8000.</summary>
    public int ClockRate { get; init; } = 8000;

    /// <summary>Carry RTCP on the RTP port (RFC 5761); otherwise RTCP uses the odd port.</summary>
    public bool RtcpMux { get; init; }

    /// <summary>No RTP for this long (when not on hold) raises <see cref="RtpSession.InactivityTimeout"/>; default 30 s.</summary>
    public TimeSpan InactivityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Session bandwidth in bits per second used for the RTCP interval (5 % of it goes to RTCP, §6.2); default 64 kbit/s.</summary>
    public int SessionBandwidth { get; init; } = 64_000;

    /// <summary>The CNAME sent in SDES (§6.5.1); default a random identifier.</summary>
    public string? Cname { get; init; }

    /// <summary>
    /// How long after the session starts (or a re-INVITE moves the peer) the first packets may latch the peer's address from
    /// any source (symmetric RTP behind NAT); afterwards only the signalled host, or a source continuing the latched stream
    /// (same SSRC, next sequence numbers), is taken. Default 5 s.
    /// </summary>
    public TimeSpan LatchWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Pairs that may fail to bind for another reason than a port in use before a session gives up (default 8): a media
    /// address not on this host fails every pair. Ports held by another program are passed over, up to the whole range.
    /// </summary>
    public int BindAttempts { get; init; } = 8;

    /// <summary>
    /// Send through .NET's socket layer even where sendto(2) is called directly (Linux); for tests and comparisons of the
    /// two paths. Default false.
    /// </summary>
    internal bool PortableSend { get; init; }
}
