using NAudio.Wave;

namespace Bridge.TestKit.Audio;

/// <summary>Reads and writes 16-bit mono PCM WAV files, and converts rates offline, for tests.</summary>
public static class WavFiles
{
    /// <summary>Writes 16-bit mono PCM.</summary>
    public static void Write(string path, ReadOnlySpan<short> pcm, int sampleRate)
    {
        using var writer = new WaveFileWriter(path, new WaveFormat(sampleRate, 16, 1));
        byte[] bytes = new byte[pcm.Length * 2];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm).CopyTo(bytes);
        writer.Write(bytes, 0, bytes.Length);
    }

    /// <summary>Reads a 16-bit PCM WAV (first channel when stereo).</summary>
    public static (short[] Pcm, int SampleRate) Read(string path)
    {
        using var reader = new WaveFileReader(path);
        if (reader.WaveFormat.BitsPerSample != 16 || reader.WaveFormat.Encoding != WaveFormatEncoding.Pcm)
        {
            throw new InvalidDataException($"{path}: not 16-bit PCM ({reader.WaveFormat}).");
        }

        byte[] bytes = new byte[reader.Length];
        int read = 0;
        int n;
        while (read < bytes.Length && (n = reader.Read(bytes, read, bytes.Length - read)) > 0)
        {
            read += n;
        }

        int channels = reader.WaveFormat.Channels;
        var pcm = new short[read / 2 / channels];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = BitConverter.ToInt16(bytes, i * 2 * channels);
        }

        return (pcm, reader.WaveFormat.SampleRate);
    }

    /// <summary>Offline conversion between any two rates (Hann-windowed sinc, 32 zero crossings). Slow but exact
    /// enough for preparing test material such as espeak-ng's 22.05 kHz speech.</summary>
    public static short[] Resample(ReadOnlySpan<short> pcm, int fromRate, int toRate)
    {
        if (fromRate == toRate)
        {
            return pcm.ToArray();
        }

        const int halfTaps = 32;
        double ratio = (double)toRate / fromRate;
        double cutoff = Math.Min(1.0, ratio) * 0.92;
        int outLength = (int)(pcm.Length * ratio);
        var output = new short[outLength];
        double scale = 1 / Math.Min(1.0, ratio);
        for (int n = 0; n < outLength; n++)
        {
            double t = n / ratio;
            int centre = (int)t;
            double sum = 0;
            int span = (int)Math.Ceiling(halfTaps * scale);
            for (int k = centre - span + 1; k <= centre + span; k++)
            {
                if (k < 0 || k >= pcm.Length)
                {
                    continue;
                }

                double x = (t - k) * cutoff;
                double sinc = Math.Abs(x) < 1e-9 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                double w = 0.5 + (0.5 * Math.Cos(Math.PI * (t - k) / (span + 1)));
                sum += pcm[k] * sinc * w * cutoff;
            }

            output[n] = (short)Math.Clamp(Math.Round(sum), short.MinValue, short.MaxValue);
        }

        return output;
    }
}
