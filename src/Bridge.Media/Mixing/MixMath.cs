using System.Numerics;
using System.Runtime.InteropServices;

namespace Bridge.Media.Mixing;

/// <summary>Vectorised sample arithmetic for the mixer: 32-bit accumulation and one clamp at the end,
/// so a clipped sum still yields an exact N-1 (the flaw of a saturating add then subtract).</summary>
internal static class MixMath
{
    /// <summary>acc[i] += source[i].</summary>
    internal static void Add(Span<int> acc, ReadOnlySpan<short> source)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<short>.Count)
        {
            ReadOnlySpan<Vector<short>> src = MemoryMarshal.Cast<short, Vector<short>>(source);
            Span<Vector<int>> dst = MemoryMarshal.Cast<int, Vector<int>>(acc[..(src.Length * Vector<short>.Count)]);
            for (int v = 0; v < src.Length; v++)
            {
                Vector.Widen(src[v], out Vector<int> low, out Vector<int> high);
                dst[2 * v] += low;
                dst[(2 * v) + 1] += high;
            }

            i = src.Length * Vector<short>.Count;
        }

        for (; i < source.Length; i++)
        {
            acc[i] += source[i];
        }
    }

    /// <summary>destination[i] = clamp(acc[i] - own[i]) — the N-1 signal of one talker.</summary>
    internal static void SubtractClamp(ReadOnlySpan<int> acc, ReadOnlySpan<short> own, Span<short> destination)
    {
        for (int i = 0; i < acc.Length; i++)
        {
            destination[i] = Clamp(acc[i] - own[i]);
        }
    }

    /// <summary>destination[i] = clamp(acc[i]).</summary>
    internal static void Clamp(ReadOnlySpan<int> acc, Span<short> destination)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && acc.Length >= Vector<short>.Count)
        {
            var min = new Vector<int>(short.MinValue);
            var max = new Vector<int>(short.MaxValue);
            int blocks = acc.Length / Vector<short>.Count;
            ReadOnlySpan<Vector<int>> src = MemoryMarshal.Cast<int, Vector<int>>(acc[..(blocks * Vector<short>.Count)]);
            Span<Vector<short>> dst = MemoryMarshal.Cast<short, Vector<short>>(destination[..(blocks * Vector<short>.Count)]);
            for (int v = 0; v < blocks; v++)
            {
                Vector<int> low = Vector.Min(Vector.Max(src[2 * v], min), max);
                Vector<int> high = Vector.Min(Vector.Max(src[(2 * v) + 1], min), max);
                dst[v] = Vector.Narrow(low, high);
            }

            i = blocks * Vector<short>.Count;
        }

        for (; i < acc.Length; i++)
        {
            destination[i] = Clamp(acc[i]);
        }
    }

    /// <summary>Scales in place by a linear gain (1 = unchanged), saturating.</summary>
    internal static void ApplyGain(Span<short> pcm, float gain)
    {
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = Clamp((int)(pcm[i] * gain));
        }
    }

    /// <summary>Mean of the squared samples (signal power).</summary>
    internal static long MeanSquare(ReadOnlySpan<short> pcm)
    {
        if (pcm.IsEmpty)
        {
            return 0;
        }

        long sum = 0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && pcm.Length >= Vector<short>.Count)
        {
            ReadOnlySpan<Vector<short>> vectors = MemoryMarshal.Cast<short, Vector<short>>(pcm);
            Vector<long> acc = Vector<long>.Zero;
            foreach (Vector<short> v in vectors)
            {
                Vector.Widen(v, out Vector<int> low, out Vector<int> high);
                Vector.Widen(low * low, out Vector<long> a, out Vector<long> b);
                Vector.Widen(high * high, out Vector<long> c, out Vector<long> d);
                acc += a + b + c + d;
            }

            sum = Vector.Sum(acc);
            i = vectors.Length * Vector<short>.Count;
        }

        for (; i < pcm.Length; i++)
        {
            int s = pcm[i];
            sum += s * s;
        }

        return sum / pcm.Length;
    }

    internal static short Clamp(int value) =>
        (short)(value > short.MaxValue ? short.MaxValue : value < short.MinValue ? short.MinValue : value);
}
