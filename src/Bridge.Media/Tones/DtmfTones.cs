namespace Bridge.Media.Tones;

/// <summary>The DTMF frequency matrix (ITU-T Q.23) and a generator of digits.</summary>
public static class DtmfTones
{
    /// <summary>Row (low group) frequencies in Hz.</summary>
    public static ReadOnlySpan<int> RowFrequencies => [697, 770, 852, 941];

    /// <summary>Column (high group) frequencies in Hz.</summary>
    public static ReadOnlySpan<int> ColumnFrequencies => [1209, 1336, 1477, 1633];

    /// <summary>The 16 digits, row by row.</summary>
    public const string Digits = "123A456B789C*0#D";

    /// <summary>Low and high frequency of a digit (0–9, *, #, A–D; case-insensitive); false for anything else.</summary>
    public static bool TryGetFrequencies(char digit, out int low, out int high)
    {
        int index = Digits.IndexOf(char.ToUpperInvariant(digit), StringComparison.Ordinal);
        if (index < 0)
        {
            low = high = 0;
            return false;
        }

        low = RowFrequencies[index / 4];
        high = ColumnFrequencies[index % 4];
        return true;
    }

    /// <summary>Writes one digit's two tones, each at <paramref name="levelDbfs"/>, into all of <paramref name="pcm"/>.
    /// Returns false for an invalid digit (pcm left untouched).</summary>
    public static bool Generate(char digit, Span<short> pcm, int sampleRate, double levelDbfs = -10)
    {
        if (!TryGetFrequencies(digit, out int low, out int high))
        {
            return false;
        }

        new ToneGenerator(sampleRate, low, high, levelDbfs).Fill(pcm);
        return true;
    }
}
