namespace Bridge.Media;

/// <summary>
/// Conventions shared by every media component: 20 ms frames of 16-bit mono PCM
/// (the RTP packet time RFC 3551 §4.5 recommends for G.711/G.722), at 8, 16 or 48 kHz.
/// </summary>
public static class AudioFrame
{
    /// <summary>Duration of one mixer frame.</summary>
    public const int DurationMs = 20;

    /// <summary>Frames per second (1000 / <see cref="DurationMs"/>).</summary>
    public const int FramesPerSecond = 1000 / DurationMs;

    /// <summary>Highest PCM rate the bridge uses (Opus, RFC 7587 §4.1).</summary>
    public const int MaxSampleRate = 48000;

    /// <summary>Samples in one 20 ms frame at 48 kHz: the largest frame buffer the mixer needs.</summary>
    public const int MaxFrameSamples = MaxSampleRate / FramesPerSecond;

    /// <summary>Samples in 60 ms at 48 kHz: the largest packet a decoder must accept.</summary>
    public const int MaxPacketSamples = MaxFrameSamples * 3;

    /// <summary>Samples in one 20 ms frame at <paramref name="sampleRate"/>.</summary>
    public static int SamplesPerFrame(int sampleRate) => sampleRate / FramesPerSecond;
}
