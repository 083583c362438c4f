using Bridge.Media.Resampling;
using NAudio.Wave;

namespace Bridge.Media.Prompts;

/// <summary>
/// A prompt or tone held as PCM at every rate the mixer may run at (8, 16, 48 kHz), converted once when
/// loaded so playback on the mixer thread is a copy. Immutable and shareable between rooms.
/// </summary>
public sealed class AudioPrompt
{
    private readonly short[] _pcm8;
    private readonly short[] _pcm16;
    private readonly short[] _pcm48;

    private AudioPrompt(string name, short[] pcm, int sampleRate)
    {
        Name = name;
        _pcm8 = Convert(pcm, sampleRate, 8000);
        _pcm16 = Convert(pcm, sampleRate, 16000);
        _pcm48 = Convert(pcm, sampleRate, 48000);
        Duration = TimeSpan.FromSeconds(_pcm16.Length / 16000.0);
    }

    /// <summary>File name or label, for logs.</summary>
    public string Name { get; }

    /// <summary>Playing time.</summary>
    public TimeSpan Duration { get; }

    /// <summary>Loads a 16-bit mono PCM WAV file at 8, 16 or 48 kHz. Throws <see cref="InvalidDataException"/>
    /// (with the reason) for any other format: prompts are configuration, checked at start-up.</summary>
    public static AudioPrompt FromWavFile(string path)
    {
        using var reader = new WaveFileReader(path);
        WaveFormat format = reader.WaveFormat;
        if (format.Encoding != WaveFormatEncoding.Pcm || format.BitsPerSample != 16 || format.Channels != 1
            || format.SampleRate is not (8000 or 16000 or 48000))
        {
            throw new InvalidDataException(
                $"{path}: prompts must be 16-bit mono PCM at 8000, 16000 or 48000 Hz, not {format}.");
        }

        byte[] bytes = new byte[reader.Length];
        int read = 0;
        while (read < bytes.Length)
        {
            int n = reader.Read(bytes, read, bytes.Length - read);
            if (n <= 0)
            {
                break;
            }

            read += n;
        }

        short[] pcm = new short[read / 2];
        Buffer.BlockCopy(bytes, 0, pcm, 0, pcm.Length * 2);
        return new AudioPrompt(Path.GetFileName(path), pcm, format.SampleRate);
    }

    /// <summary>Wraps generated PCM (tones, beeps) at 8, 16 or 48 kHz.</summary>
    public static AudioPrompt FromPcm(ReadOnlySpan<short> pcm, int sampleRate, string name = "pcm")
    {
        if (sampleRate is not (8000 or 16000 or 48000))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "Use 8000, 16000 or 48000.");
        }

        return new AudioPrompt(name, pcm.ToArray(), sampleRate);
    }

    /// <summary>The PCM at <paramref name="sampleRate"/> (8000, 16000 or 48000).</summary>
    internal short[] GetPcm(int sampleRate) => sampleRate switch
    {
        8000 => _pcm8,
        48000 => _pcm48,
        _ => _pcm16,
    };

    /// <summary>Whole-buffer conversion through the streaming resampler, 20 ms at a time, with the filter's
    /// delay trimmed so the prompt starts on time and ends complete.</summary>
    private static short[] Convert(short[] pcm, int fromRate, int toRate)
    {
        if (fromRate == toRate)
        {
            return pcm;
        }

        var resampler = new Resampler(fromRate, toRate);
        int chunk = AudioFrame.SamplesPerFrame(fromRate);
        int outChunk = AudioFrame.SamplesPerFrame(toRate);
        int expected = (int)((long)pcm.Length * toRate / fromRate);
        int delay = resampler.DelayOutputSamples;
        int chunks = (pcm.Length + chunk - 1) / chunk + ((delay + outChunk - 1) / outChunk) + 1;
        short[] padded = new short[chunks * chunk];
        pcm.CopyTo(padded, 0);
        short[] output = new short[chunks * outChunk];
        int written = 0;
        for (int c = 0; c < chunks; c++)
        {
            written += resampler.Process(padded.AsSpan(c * chunk, chunk), output.AsSpan(written));
        }

        return output.AsSpan(Math.Min(delay, written), Math.Min(expected, Math.Max(0, written - delay))).ToArray();
    }
}
