using Bridge.Media.Prompts;

namespace Bridge.Media.Tones;

/// <summary>Continuous one- or two-frequency tone (beeps, ring-back, DTMF), phase-continuous across calls.</summary>
public sealed class ToneGenerator
{
    private readonly double _step1;
    private readonly double _step2;
    private readonly double _amplitude;
    private double _phase1;
    private double _phase2;

    /// <summary>Tone of <paramref name="frequency1"/> (+ <paramref name="frequency2"/> when non-zero), each
    /// component at <paramref name="levelDbfs"/> (0 dBFS = amplitude 32767).</summary>
    public ToneGenerator(int sampleRate, double frequency1, double frequency2 = 0, double levelDbfs = -10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRate, 0);
        SampleRate = sampleRate;
        _step1 = 2 * Math.PI * frequency1 / sampleRate;
        _step2 = frequency2 > 0 ? 2 * Math.PI * frequency2 / sampleRate : 0;
        _amplitude = 32767 * Math.Pow(10, levelDbfs / 20);
    }

    /// <summary>Output rate.</summary>
    public int SampleRate { get; }

    /// <summary>Writes the next samples of the tone.</summary>
    public void Fill(Span<short> pcm)
    {
        for (int i = 0; i < pcm.Length; i++)
        {
            double value = _amplitude * Math.Sin(_phase1);
            if (_step2 != 0)
            {
                value += _amplitude * Math.Sin(_phase2);
                _phase2 += _step2;
            }

            _phase1 += _step1;
            pcm[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }

        _phase1 %= 2 * Math.PI;
        _phase2 %= 2 * Math.PI;
    }

    /// <summary>A tone as a playable prompt (e.g. a join beep), generated at 16 kHz.</summary>
    public static AudioPrompt CreatePrompt(double frequency1, double frequency2, TimeSpan duration, double levelDbfs = -12, string name = "tone")
    {
        var generator = new ToneGenerator(16000, frequency1, frequency2, levelDbfs);
        short[] pcm = new short[(int)(duration.TotalSeconds * 16000)];
        generator.Fill(pcm);
        return AudioPrompt.FromPcm(pcm, 16000, name);
    }
}
