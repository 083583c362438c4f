namespace Bridge.LoadTests;

/// <summary>
/// Goertzel over one 20 ms frame (µ-law, or 8 kHz PCM) at the talkers' frequencies (multiples of 50 Hz: whole bins of 160 samples, so
/// no leakage between them): which talker tones a frame carries.
/// </summary>
internal static class ToneMeter
{
    /// <summary>The talkers' tones, in Hz; talker i sends <c>Frequencies[i]</c>.</summary>
    public static readonly int[] Frequencies = [450, 700, 1100];

    /// <summary>Amplitude (of 32767) a tone must reach to count: the talkers send about 4000, -18 dBFS.</summary>
    private const double Threshold = 800;

    private static readonly double[] Coefficients = Frequencies.Select(f => 2 * Math.Cos(2 * Math.PI * f / 8000)).ToArray();

    /// <summary>Bit i set when tone i is in <paramref name="frame"/> (160 µ-law octets).</summary>
    public static int Detect(ReadOnlySpan<byte> frame)
    {
        Span<short> pcm = stackalloc short[frame.Length];
        for (int i = 0; i < frame.Length; i++)
        {
            pcm[i] = G711.Decode(frame[i]);
        }

        return Detect(pcm);
    }

    /// <summary>Bit i set when tone i is in <paramref name="pcm"/> (160 samples at 8 kHz).</summary>
    public static int Detect(ReadOnlySpan<short> pcm)
    {
        int found = 0;
        for (int t = 0; t < Coefficients.Length; t++)
        {
            double coefficient = Coefficients[t];
            double s1 = 0;
            double s2 = 0;
            foreach (short sample in pcm)
            {
                double s0 = sample + (coefficient * s1) - s2;
                s2 = s1;
                s1 = s0;
            }

            double power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
            double amplitude = 2 * Math.Sqrt(Math.Max(power, 0)) / pcm.Length;
            if (amplitude >= Threshold)
            {
                found |= 1 << t;
            }
        }

        return found;
    }

    /// <summary>One 20 ms µ-law frame of tone <paramref name="index"/>; 8000/160 periods fit exactly, so it loops seamlessly.</summary>
    public static byte[] Frame(int index)
    {
        var frame = new byte[160];
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = G711.Encode((short)(4000 * Math.Sin(2 * Math.PI * Frequencies[index] * i / 8000)));
        }

        return frame;
    }
}
