namespace Bridge.Media.Codecs;

/// <summary>G.711 μ-law (PCMU, PT 0) or A-law (PCMA, PT 8) encoder, RFC 3551 §4.5.14: one octet per sample at 8 kHz.</summary>
internal sealed class G711Encoder : IAudioEncoder
{
    private readonly byte[] _table;

    internal G711Encoder(bool aLaw)
    {
        _table = aLaw ? G711Tables.ALawEncode : G711Tables.MuLawEncode;
        Name = aLaw ? AudioCodecs.Pcma : AudioCodecs.Pcmu;
    }

    public string Name { get; }

    public int SampleRate => 8000;

    public int RtpClockRate => 8000;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (payload.Length < pcm.Length)
        {
            return -1;
        }

        byte[] table = _table;
        for (int i = 0; i < pcm.Length; i++)
        {
            payload[i] = table[(ushort)pcm[i]];
        }

        return pcm.Length;
    }
}
