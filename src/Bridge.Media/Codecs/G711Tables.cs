namespace Bridge.Media.Codecs;

/// <summary>
/// ITU-T G.711 μ-law and A-law as lookup tables: 65536-entry encode tables indexed by the 16-bit sample
/// and 256-entry decode tables, so the per-packet work is one load per sample.
/// </summary>
internal static class G711Tables
{
    private const int MuLawBias = 0x84;
    private const int MuLawClip = 32635;

    /// <summary>μ-law code for each 16-bit sample, indexed by <c>(ushort)sample</c>.</summary>
    internal static readonly byte[] MuLawEncode = BuildEncode(LinearToMuLaw);

    /// <summary>A-law code for each 16-bit sample, indexed by <c>(ushort)sample</c>.</summary>
    internal static readonly byte[] ALawEncode = BuildEncode(LinearToALaw);

    /// <summary>Linear value of each μ-law code.</summary>
    internal static readonly short[] MuLawDecode = BuildDecode(MuLawToLinear);

    /// <summary>Linear value of each A-law code.</summary>
    internal static readonly short[] ALawDecode = BuildDecode(ALawToLinear);

    private static byte[] BuildEncode(Func<short, byte> encode)
    {
        var table = new byte[65536];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = encode(unchecked((short)i));
        }

        return table;
    }

    private static short[] BuildDecode(Func<byte, short> decode)
    {
        var table = new short[256];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = decode((byte)i);
        }

        return table;
    }

    /// <summary>G.711 §2 μ-law: bias, 8 segments of 16 steps, all bits inverted.</summary>
    internal static byte LinearToMuLaw(short sample)
    {
        int pcm = sample;
        int sign = (pcm >> 8) & 0x80;
        if (sign != 0)
        {
            pcm = -pcm;
        }

        if (pcm > MuLawClip)
        {
            pcm = MuLawClip;
        }

        pcm += MuLawBias;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    internal static short MuLawToLinear(byte code)
    {
        int u = ~code & 0xFF;
        int t = ((u & 0x0F) << 3) + MuLawBias;
        t <<= (u & 0x70) >> 4;
        return (short)((u & 0x80) != 0 ? MuLawBias - t : t - MuLawBias);
    }

    /// <summary>G.711 §3 A-law: 13-bit magnitude, 8 segments, even bits inverted (XOR 0x55).</summary>
    internal static byte LinearToALaw(short sample)
    {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            pcm = -pcm - 1;
        }

        int segment = 0;
        int end = 0x1F;
        while (segment < 8 && pcm > end)
        {
            segment++;
            end = (end << 1) | 1;
        }

        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        int code = segment << 4;
        code |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte)(code ^ mask);
    }

    internal static short ALawToLinear(byte code)
    {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        switch (segment)
        {
            case 0:
                t += 8;
                break;
            case 1:
                t += 0x108;
                break;
            default:
                t += 0x108;
                t <<= segment - 1;
                break;
        }

        return (short)((a & 0x80) != 0 ? t : -t);
    }
}
