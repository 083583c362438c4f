namespace Bridge.Media.Codecs;

/// <summary>Opus encoder tuning. Complexity 5 halves the CPU of 10 for speech at little cost in quality.</summary>
/// <param name="Bitrate">Target bit rate in bit/s (RFC 7587 §3.1.1 suggests 8–32 kbit/s for wideband speech).</param>
/// <param name="Complexity">0–10.</param>
/// <param name="ExpectedLossPercent">Loss the encoder plans FEC for; 0 would disable in-band FEC in practice.</param>
public sealed record OpusSettings(int Bitrate = 32000, int Complexity = 5, int ExpectedLossPercent = 10)
{
    /// <summary>Defaults used by <see cref="AudioCodecs.CreateEncoder(string)"/>.</summary>
    public static OpusSettings Default { get; } = new();
}
