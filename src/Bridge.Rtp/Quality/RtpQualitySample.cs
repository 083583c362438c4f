namespace Bridge.Rtp.Quality;

/// <summary>
/// One leg's transport figures at an instant, for the quality estimate (RFC 3550 §6.4, A.3, A.8; RFC 3611 §4.7).
/// </summary>
/// <param name="PacketsExpected">Packets the peer sent us, by sequence numbers (A.3).</param>
/// <param name="PacketsLost">Of those, never received (cumulative, A.3).</param>
/// <param name="IntervalFractionLost">Loss over the last RTCP interval as we reported it (0–1); null before our first report.</param>
/// <param name="Jitter">Interarrival jitter of what we receive (A.8).</param>
/// <param name="RemoteFractionLost">Loss of our stream over the peer's last interval (0–1); null until the peer reported.</param>
/// <param name="RemoteJitter">Jitter of our stream as the peer measured it; null until the peer reported.</param>
/// <param name="RoundTripTime">From the peer's LSR/DLSR (§6.4.1); null until measured.</param>
/// <param name="RemoteMetrics">The peer's RFC 3611 VoIP Metrics about our stream, when it sends them.</param>
public readonly record struct RtpQualitySample(
    long PacketsExpected,
    long PacketsLost,
    double? IntervalFractionLost,
    TimeSpan Jitter,
    double? RemoteFractionLost,
    TimeSpan? RemoteJitter,
    TimeSpan? RoundTripTime,
    RtcpVoipMetrics? RemoteMetrics);
