using Bridge.Conferencing.Admin;
using Bridge.Rtp;
using Bridge.Rtp.Quality;

namespace Bridge.Calls.Quality;

/// <summary>
/// Turns a leg's RTP/RTCP figures and jitter-buffer counters into <see cref="ParticipantQuality"/>: loss and jitter of what we
/// receive (RFC 3550 A.3, A.8), what the peer reported about our stream (§6.4, RFC 3611 §4.7), and an E-model MOS
/// (ITU-T G.107, simplified: docs/call-quality.md) for each direction, of which the worse is shown.
/// </summary>
internal static class LegQualityEstimator
{
    /// <summary>Estimates the quality; null before any packet was received.</summary>
    /// <param name="sample">The RTP session's figures.</param>
    /// <param name="jitterBuffer">The leg's jitter buffer counters (concealed frames, playout delay).</param>
    /// <param name="encodingName">The codec's SDP encoding name.</param>
    /// <param name="packetTimeMs">The packet time (frame) in ms.</param>
    public static ParticipantQuality? Estimate(in RtpQualitySample sample, JitterBufferStatistics? jitterBuffer, string encodingName, int packetTimeMs) =>
        TryEstimate(sample, jitterBuffer, encodingName, packetTimeMs, out var quality)
            ? new ParticipantQuality(quality.LossPercent, quality.JitterMs, quality.RttMs, quality.Mos, quality.RemoteLossPercent, quality.RemoteJitterMs, quality.JitterBufferMs, quality.ConcealedFrames, quality.PacketsLost)
            : null;

    /// <summary>
    /// As <see cref="Estimate"/>, into a value: the call records' sampler reads every leg every few seconds for the life of
    /// its call, and allocates nothing for it. False before any packet was received.
    /// </summary>
    public static bool TryEstimate(in RtpQualitySample sample, JitterBufferStatistics? jitterBuffer, string encodingName, int packetTimeMs, out QualityEstimate estimate)
    {
        estimate = default;
        if (sample.PacketsExpected <= 0)
        {
            return false;
        }

        EModelCodec codec = EModelCodec.ForEncoding(encodingName);
        double cumulativeLoss = 100.0 * sample.PacketsLost / sample.PacketsExpected;
        double receiveLoss = sample.IntervalFractionLost is { } fraction ? fraction * 100 : cumulativeLoss;
        double jitterMs = sample.Jitter.TotalMilliseconds;
        double? rttMs = sample.RoundTripTime?.TotalMilliseconds ?? sample.RemoteMetrics?.RoundTripDelayMs;
        double bufferMs = jitterBuffer?.CurrentDelay.TotalMilliseconds ?? 0;

        // One-way mouth-to-ear delay: half the round trip (0 while unknown), one frame to fill a packet, the codec's look-ahead
        // and the receiving jitter buffer. Our own buffer stands in for the peer's when it does not report one.
        double network = (rttMs ?? 0) / 2;
        double fixedDelay = network + packetTimeMs + codec.LookaheadMs;
        double receiveMos = EModel.MeanOpinionScore(codec, receiveLoss, fixedDelay + bufferMs);

        double? remoteLoss = sample.RemoteFractionLost * 100;
        if (sample.RemoteMetrics is { } xr)
        {
            // The peer's XR counts its jitter-buffer discards too: an impairment the E-model's Ppl includes (G.107 §3.6).
            remoteLoss = Math.Max(remoteLoss ?? 0, (xr.LossRate + xr.DiscardRate) * 100);
        }

        double mos = receiveMos;
        if (remoteLoss is { } sendLoss)
        {
            double peerBuffer = sample.RemoteMetrics?.JitterBufferNominalMs ?? bufferMs;
            mos = Math.Min(mos, EModel.MeanOpinionScore(codec, sendLoss, fixedDelay + peerBuffer));
        }

        estimate = new QualityEstimate(
            Round(receiveLoss, 2),
            Round(jitterMs, 1),
            rttMs is { } rtt ? Round(rtt, 1) : null,
            Round(mos, 2),
            remoteLoss is { } r ? Round(r, 2) : null,
            sample.RemoteJitter is { } remoteJitter ? Round(remoteJitter.TotalMilliseconds, 1) : null,
            Round(bufferMs, 1),
            jitterBuffer?.Concealed ?? 0,
            sample.PacketsLost);
        return true;
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

/// <summary>The figures of <see cref="ParticipantQuality"/> as a value (<see cref="LegQualityEstimator.TryEstimate"/>).</summary>
internal readonly record struct QualityEstimate(
    double LossPercent,
    double JitterMs,
    double? RttMs,
    double Mos,
    double? RemoteLossPercent,
    double? RemoteJitterMs,
    double JitterBufferMs,
    long ConcealedFrames,
    long PacketsLost);
