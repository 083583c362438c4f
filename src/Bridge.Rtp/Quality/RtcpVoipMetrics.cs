namespace Bridge.Rtp.Quality;

/// <summary>
/// The figures of an RTCP XR VoIP Metrics block (RFC 3611 §4.7) that a peer sends about the stream it receives from us.
/// Fields the peer marks unavailable (127 for R and MOS, 0 for delays) are null.
/// </summary>
/// <param name="LossRate">Fraction of packets lost in the network (§4.7.1), 0–1.</param>
/// <param name="DiscardRate">Fraction discarded by the peer's jitter buffer (late or early), 0–1.</param>
/// <param name="RoundTripDelayMs">The peer's most recent round-trip delay (§4.7.3), in ms.</param>
/// <param name="EndSystemDelayMs">The peer's own delay (jitter buffer, codec), in ms.</param>
/// <param name="RFactor">The peer's R factor (§4.7.5), 0–100.</param>
/// <param name="MosListening">The peer's MOS-LQ (§4.7.5), 1.0–5.0.</param>
/// <param name="MosConversational">The peer's MOS-CQ, 1.0–5.0.</param>
/// <param name="JitterBufferNominalMs">The peer's nominal jitter-buffer delay (§4.7.7), in ms.</param>
public readonly record struct RtcpVoipMetrics(
    double LossRate,
    double DiscardRate,
    int? RoundTripDelayMs,
    int? EndSystemDelayMs,
    int? RFactor,
    double? MosListening,
    double? MosConversational,
    int? JitterBufferNominalMs);
