namespace Bridge.TestKit.Audio;

/// <summary>Measures the level of single frequencies in received audio (Hann-windowed Goertzel), for tests
/// that check what a participant heard: "A hears 1 kHz and not 440 Hz".</summary>
public static class Goertzel
{
    /// <summary>Estimated amplitude (0–32767 scale) of the sinusoid at <paramref name="frequency"/>.</summary>
    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        int n = samples.Length;
        if (n == 0)
        {
            return 0;
        }

        double coefficient = 2 * Math.Cos(2 * Math.PI * frequency / sampleRate);
        double s1 = 0, s2 = 0, windowSum = 0;
        for (int i = 0; i < n; i++)
        {
            double w = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (n - 1 == 0 ? 1 : n - 1)));
            windowSum += w;
            double s0 = (samples[i] * w) + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        double power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        return 2 * Math.Sqrt(Math.Max(0, power)) / windowSum;
    }

    /// <summary>Level at <paramref name="frequency"/> in dBFS (0 dBFS = amplitude 32767); -200 for nothing.</summary>
    public static double LevelDbfs(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        double amplitude = Amplitude(samples, frequency, sampleRate);
        return amplitude <= 0 ? -200 : 20 * Math.Log10(amplitude / 32767);
    }

    /// <summary>How many dB the tone at <paramref name="wanted"/> stands above the one at <paramref name="unwanted"/>.</summary>
    public static double SeparationDb(ReadOnlySpan<short> samples, double wanted, double unwanted, int sampleRate) =>
        LevelDbfs(samples, wanted, sampleRate) - LevelDbfs(samples, unwanted, sampleRate);

    /// <summary>Root-mean-square level of the whole signal in dBFS; -200 for digital silence.</summary>
    public static double RmsDbfs(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return -200;
        }

        double sum = 0;
        foreach (short s in samples)
        {
            sum += s * (double)s;
        }

        double rms = Math.Sqrt(sum / samples.Length);
        return rms <= 0 ? -200 : 20 * Math.Log10(rms / 32767);
    }
}
