namespace Bridge.Conferencing.Admin;

/// <summary>
/// A participant's call quality now (RFC 3550 §6.4 reports and our own receive statistics; RFC 3611 XR when the peer sends it;
/// MOS from the simplified ITU-T G.107 E-model described in docs/call-quality.md).
/// </summary>
/// <param name="LossPercent">Loss of the participant's audio on its way to us, over the last RTCP interval (else since the start), in percent.</param>
/// <param name="JitterMs">Interarrival jitter of the participant's audio (RFC 3550 A.8), in ms.</param>
/// <param name="RttMs">Round-trip time from the participant's LSR/DLSR (§6.4.1); null until measured.</param>
/// <param name="Mos">MOS-CQE estimate (1–4.5) for the worse of the two directions.</param>
/// <param name="RemoteLossPercent">Loss of our audio as the participant reported it; null until it reported.</param>
/// <param name="RemoteJitterMs">Jitter of our audio as the participant reported it; null until it reported.</param>
/// <param name="JitterBufferMs">Our jitter buffer's current playout delay for this participant, in ms.</param>
/// <param name="ConcealedFrames">Frames of the participant's audio we concealed (lost or too late), since the start.</param>
/// <param name="PacketsLost">Packets of the participant's audio lost since the start (A.3).</param>
public sealed record ParticipantQuality(
    double LossPercent,
    double JitterMs,
    double? RttMs,
    double Mos,
    double? RemoteLossPercent,
    double? RemoteJitterMs,
    double JitterBufferMs,
    long ConcealedFrames,
    long PacketsLost);
