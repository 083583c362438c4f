namespace Bridge.Media.Codecs;

/// <summary>G.711 μ-law / A-law decoder (RFC 3551 §4.5.14) with waveform-repetition loss concealment.</summary>
internal sealed class G711Decoder : IAudioDecoder
{
    private readonly short[] _table;
    private readonly LossConcealer _concealer = new(8000);

    internal G711Decoder(bool aLaw)
    {
        _table = aLaw ? G711Tables.ALawDecode : G711Tables.MuLawDecode;
        Name = aLaw ? AudioCodecs.Pcma : AudioCodecs.Pcmu;
    }

    public string Name { get; }

    public int SampleRate => 8000;

    public int RtpClockRate => 8000;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.Length == 0 || payload.Length > pcm.Length)
        {
            return -1;
        }

        short[] table = _table;
        Span<short> output = pcm[..payload.Length];
        for (int i = 0; i < payload.Length; i++)
        {
            output[i] = table[payload[i]];
        }

        _concealer.OnGoodFrame(output);
        return payload.Length;
    }

    public int Conceal(Span<short> pcm, ReadOnlySpan<byte> nextPayloadForFec)
    {
        _concealer.Conceal(pcm);
        return pcm.Length;
    }
}
