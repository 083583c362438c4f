using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

public sealed class MixMathTests
{
    [Fact]
    public void Sum_then_subtract_then_clamp_once_gives_the_exact_n_minus_1_at_full_scale()
    {
        short[] a = [32767, -32768, 30000, 1];
        short[] b = [32767, -32768, 10000, -1];
        int[] acc = new int[4];
        MixMath.Add(acc, a);
        MixMath.Add(acc, b);
        short[] heardByA = new short[4];
        MixMath.SubtractClamp(acc, a, heardByA);
        Assert.Equal(b, heardByA);

        // What a saturating add followed by a saturating subtract would have given A instead.
        short saturated = MixMath.Clamp(a[0] + b[0]);
        Assert.NotEqual(b[0], MixMath.Clamp(saturated - a[0]));
    }

    [Fact]
    public void Vectorised_helpers_match_scalar_arithmetic()
    {
        var random = new Random(3);
        short[] pcm = new short[963];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)random.Next(short.MinValue, short.MaxValue + 1);
        }

        pcm[5] = short.MinValue;
        long expected = 0;
        foreach (short s in pcm)
        {
            expected += s * s;
        }

        Assert.Equal(expected / pcm.Length, MixMath.MeanSquare(pcm));

        int[] acc = new int[pcm.Length];
        MixMath.Add(acc, pcm);
        MixMath.Add(acc, pcm);
        short[] clamped = new short[pcm.Length];
        MixMath.Clamp(acc, clamped);
        for (int i = 0; i < pcm.Length; i++)
        {
            Assert.Equal(2 * pcm[i], acc[i]);
            Assert.Equal(Math.Clamp(2 * pcm[i], short.MinValue, short.MaxValue), clamped[i]);
        }
    }
}
