using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// Finds a bridge prompt (a WAV under <c>prompts/</c>) in what a phone recorded: the best normalised
/// cross-correlation of the prompt's loudest 200 ms, resampled to the recording's rate, over a span of the
/// recording. Near 1 where the prompt was played (G.711 and resampling keep the waveform), low elsewhere.
/// Only a short piece is matched: the phone's jitter buffer and clock drift stretch a whole prompt by a
/// few samples, which ruins a long correlation but not a short one.
/// </summary>
public static class PromptMatch
{
    public static double BestCorrelation(short[] recording, int rate, double fromSeconds, double toSeconds, string promptPath)
    {
        var (promptPcm, promptRate) = WavFiles.Read(promptPath);
        var prompt = LoudestPiece(WavFiles.Resample(promptPcm, promptRate, rate), rate / 5);
        var from = Math.Clamp((int)(fromSeconds * rate), 0, recording.Length);
        var to = Math.Clamp((int)(toSeconds * rate), from, recording.Length);
        if (to - from < prompt.Length)
        {
            return 0;
        }

        double promptEnergy = 0;
        foreach (var s in prompt)
        {
            promptEnergy += (double)s * s;
        }

        var best = 0.0;
        for (var offset = from; offset + prompt.Length <= to; offset++)
        {
            double dot = 0;
            double energy = 0;
            for (var i = 0; i < prompt.Length; i++)
            {
                double r = recording[offset + i];
                dot += r * prompt[i];
                energy += r * r;
            }

            if (energy > 0 && promptEnergy > 0)
            {
                best = Math.Max(best, dot / Math.Sqrt(energy * promptEnergy));
            }
        }

        return best;
    }

    private static short[] LoudestPiece(short[] pcm, int length)
    {
        if (pcm.Length <= length)
        {
            return pcm;
        }

        var bestStart = 0;
        var bestEnergy = -1.0;
        for (var start = 0; start + length <= pcm.Length; start += length / 4)
        {
            double energy = 0;
            for (var i = start; i < start + length; i++)
            {
                energy += (double)pcm[i] * pcm[i];
            }

            if (energy > bestEnergy)
            {
                bestEnergy = energy;
                bestStart = start;
            }
        }

        return pcm[bestStart..(bestStart + length)];
    }
}
