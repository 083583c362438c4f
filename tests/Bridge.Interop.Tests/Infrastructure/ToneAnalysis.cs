using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>Measures which test tones a recording holds, block by block, so prompts (speech) are not mistaken for a tone.</summary>
public static class ToneAnalysis
{
    /// <summary>The level of <paramref name="frequency"/> over a span of the recording, in dBFS.</summary>
    public static double Level(short[] pcm, int rate, double fromSeconds, double toSeconds, double frequency)
    {
        var (start, length) = Range(pcm, rate, fromSeconds, toSeconds);
        return length < rate / 10 ? double.NegativeInfinity : Goertzel.LevelDbfs(pcm.AsSpan(start, length), frequency, rate);
    }

    /// <summary>
    /// How many 200 ms blocks in the span carry <paramref name="frequency"/> as a steady tone: loud enough,
    /// and holding most of the block's energy (speech spreads its energy; a mixed-in test tone does not).
    /// </summary>
    public static int ToneBlocks(short[] pcm, int rate, double fromSeconds, double toSeconds, double frequency)
    {
        var (start, length) = Range(pcm, rate, fromSeconds, toSeconds);
        var block = rate / 5;
        var count = 0;
        for (var offset = start; offset + block <= start + length; offset += block)
        {
            var span = pcm.AsSpan(offset, block);
            var rms = Goertzel.RmsDbfs(span);
            var level = Goertzel.LevelDbfs(span, frequency, rate);
            if (level > -40 && level > rms - 6)
            {
                count++;
            }
        }

        return count;
    }

    private static (int Start, int Length) Range(short[] pcm, int rate, double fromSeconds, double toSeconds)
    {
        var start = Math.Clamp((int)(fromSeconds * rate), 0, pcm.Length);
        var end = Math.Clamp((int)(toSeconds * rate), start, pcm.Length);
        return (start, end - start);
    }
}
