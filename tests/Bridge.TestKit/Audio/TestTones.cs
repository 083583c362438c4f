namespace Bridge.TestKit.Audio;

/// <summary>Sine tones as arrays, for feeding test ports and test phones.</summary>
public static class TestTones
{
    /// <summary><paramref name="samples"/> samples of a sine at <paramref name="frequency"/> with the given peak
    /// amplitude (32767 = full scale), starting at sample index <paramref name="offset"/> (for continuing a tone).</summary>
    public static short[] Sine(double frequency, int sampleRate, int samples, double amplitude = 10000, long offset = 0)
    {
        var pcm = new short[samples];
        Fill(pcm, frequency, sampleRate, amplitude, offset);
        return pcm;
    }

    /// <summary>Fills <paramref name="pcm"/> with a sine continuing from sample index <paramref name="offset"/>.</summary>
    public static void Fill(Span<short> pcm, double frequency, int sampleRate, double amplitude = 10000, long offset = 0)
    {
        for (int i = 0; i < pcm.Length; i++)
        {
            double v = amplitude * Math.Sin(2 * Math.PI * frequency * (offset + i) / sampleRate);
            pcm[i] = (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue);
        }
    }
}
