namespace Bridge.LoadTests;

/// <summary>µ-law (ITU-T G.711) by table, so the generator spends next to nothing per packet.</summary>
internal static class G711
{
    private static readonly short[] Decoded = BuildDecodeTable();

    public static short Decode(byte mulaw) => Decoded[mulaw];

    /// <summary>Encodes one linear sample (G.711 µ-law, bias 0x84, segment search).</summary>
    public static byte Encode(short sample)
    {
        const int Bias = 0x84;
        const int Clip = 32635;
        int sign = (sample >> 8) & 0x80;
        int magnitude = sign != 0 ? -sample : sample;
        magnitude = Math.Min(magnitude, Clip) + Bias;
        int exponent = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1)
        {
            exponent--;
        }

        int mantissa = (magnitude >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int value = ~i & 0xFF;
            int sign = value & 0x80;
            int exponent = (value >> 4) & 0x07;
            int mantissa = value & 0x0F;
            int magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
            table[i] = (short)(sign != 0 ? -magnitude : magnitude);
        }

        return table;
    }
}
