namespace Bridge.Rtp;

/// <summary>A snapshot of one leg's RTP/RTCP figures (RFC 3550 §6.4): what we measured and what the peer reported about us.</summary>
/// <param name="PacketsSent">RTP packets sent.</param>
/// <param name="OctetsSent">RTP payload octets sent.</param>
/// <param name="PacketsReceived">RTP packets accepted from the peer.</param>
/// <param name="OctetsReceived">RTP payload octets accepted.</param>
/// <param name="PacketsLost">Packets the peer sent that never arrived (cumulative, A.3).</param>
/// <param name="Jitter">Interarrival jitter of the received stream (A.8).</param>
/// <param name="RemoteFractionLost">Fraction of our packets lost, from the peer's last report (0–1).</param>
/// <param name="RemotePacketsLost">Cumulative loss of our packets, from the peer's last report.</param>
/// <param name="RemoteJitter">Jitter of our stream as measured by the peer.</param>
/// <param name="RoundTripTime">Round-trip time from the peer's LSR/DLSR (null until measured).</param>
/// <param name="MalformedPackets">Datagrams dropped as unparsable.</param>
/// <param name="UnprotectFailures">Datagrams that failed SRTP/SRTCP authentication.</param>
/// <param name="SsrcChanges">Times the peer's SSRC changed.</param>
/// <param name="Relatches">Times symmetric RTP moved the remote endpoint after the first latch.</param>
/// <param name="ForeignPacketsDropped">RTP/RTCP packets dropped because their source may not take over the call (hijack attempts).</param>
public readonly record struct RtpSessionStatistics(
    long PacketsSent,
    long OctetsSent,
    long PacketsReceived,
    long OctetsReceived,
    long PacketsLost,
    TimeSpan Jitter,
    double RemoteFractionLost,
    long RemotePacketsLost,
    TimeSpan RemoteJitter,
    TimeSpan? RoundTripTime,
    long MalformedPackets,
    long UnprotectFailures,
    long SsrcChanges,
    long Relatches,
    long ForeignPacketsDropped);
