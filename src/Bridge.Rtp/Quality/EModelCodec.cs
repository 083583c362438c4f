namespace Bridge.Rtp.Quality;

/// <summary>
/// A codec's figures for the E-model (ITU-T G.113 Appendix I): the equipment impairment <paramref name="Ie"/> without loss, the
/// packet-loss robustness <paramref name="Bpl"/> (with the codec's packet loss concealment), and the algorithmic delay the
/// codec adds beyond its frame (<paramref name="LookaheadMs"/>).
/// </summary>
public readonly record struct EModelCodec(string Name, double Ie, double Bpl, double LookaheadMs)
{
    /// <summary>G.711 with packet loss concealment (G.711 Appendix I): Ie 0, Bpl 25.1 (G.113 Table I.3).</summary>
    public static EModelCodec G711 { get; } = new("G711", 0, 25.1, 0);

    /// <summary>
    /// G.722 at 64 kb/s scored on the narrowband scale: Ie 0 (it is at least as good as G.711 there), Bpl 25.1 like G.711
    /// with concealment (G.722 Appendix III/IV concealment; an assumption, G.113 gives no narrowband Bpl), 1.5 ms QMF delay.
    /// </summary>
    public static EModelCodec G722 { get; } = new("G722", 0, 25.1, 1.5);

    /// <summary>
    /// Opus at voice rates scored on the narrowband scale: Ie 0 and Bpl 20 are assumptions (ITU-T publishes no Opus values),
    /// 6.5 ms look-ahead (RFC 6716 §2).
    /// </summary>
    public static EModelCodec Opus { get; } = new("opus", 0, 20, 6.5);

    /// <summary>The profile for an SDP encoding name (PCMU, PCMA, G722, opus); G.711's for anything unknown.</summary>
    public static EModelCodec ForEncoding(string? encodingName) => encodingName?.ToUpperInvariant() switch
    {
        "G722" => G722,
        "OPUS" => Opus,
        _ => G711,
    };
}
