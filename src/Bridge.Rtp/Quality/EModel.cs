namespace Bridge.Rtp.Quality;

/// <summary>
/// A simplified ITU-T G.107 E-model (narrowband, R from 0 to 100) for a live MOS estimate per call leg: R = R0 − Is − Id − Ie,eff + A
/// with the default R0 − Is = 93.2, the delay impairment Id approximated from the one-way delay (Cole and Rosenbluth, 2001), and
/// the effective equipment impairment Ie,eff = Ie + (95 − Ie)·Ppl / (Ppl / BurstR + Bpl) of G.107 §3.6 with random loss
/// (BurstR = 1). R is mapped to MOS-CQE by G.107 Annex B. docs/call-quality.md has the derivation and the limits.
/// </summary>
public static class EModel
{
    /// <summary>R0 − Is with every G.107 default (Table 2): the best R a narrowband call can reach.</summary>
    public const double DefaultR = 93.2;

    /// <summary>Computes the rating factor R (0–100) for a codec, a packet-loss percentage and a one-way mouth-to-ear delay.</summary>
    /// <param name="codec">The codec's equipment impairment and loss robustness.</param>
    /// <param name="packetLossPercent">Packets lost or discarded late, in percent (0–100).</param>
    /// <param name="oneWayDelayMs">Mouth-to-ear delay in milliseconds (network, jitter buffer, packetisation).</param>
    public static double RatingFactor(EModelCodec codec, double packetLossPercent, double oneWayDelayMs)
    {
        double ppl = double.IsFinite(packetLossPercent) ? Math.Clamp(packetLossPercent, 0, 100) : 0;
        double delay = double.IsFinite(oneWayDelayMs) ? Math.Max(0, oneWayDelayMs) : 0;
        double ieEff = codec.Ie + ((95 - codec.Ie) * ppl / (ppl + codec.Bpl));
        double r = DefaultR - DelayImpairment(delay) - ieEff;
        return Math.Clamp(r, 0, 100);
    }

    /// <summary>
    /// Id from the one-way delay d in ms: 0.024·d + 0.11·(d − 177.3)·H(d − 177.3), a fit of G.107's Idd for an echo-free path
    /// (the talker echo term Idte is taken as 0: the bridge's legs have no hybrid).
    /// </summary>
    public static double DelayImpairment(double oneWayDelayMs)
    {
        double d = Math.Max(0, oneWayDelayMs);
        return (0.024 * d) + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
    }

    /// <summary>G.107 Annex B (B.4): MOS-CQE from R; 1 below R = 0, 4.5 above R = 100.</summary>
    public static double MeanOpinionScore(double r)
    {
        if (!double.IsFinite(r) || r <= 0)
        {
            return 1;
        }

        if (r >= 100)
        {
            return 4.5;
        }

        return 1 + (0.035 * r) + (r * (r - 60) * (100 - r) * 7e-6);
    }

    /// <summary>MOS for a codec, loss and one-way delay in one step.</summary>
    public static double MeanOpinionScore(EModelCodec codec, double packetLossPercent, double oneWayDelayMs) =>
        MeanOpinionScore(RatingFactor(codec, packetLossPercent, oneWayDelayMs));
}
