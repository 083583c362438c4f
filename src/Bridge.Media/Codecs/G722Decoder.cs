using NAudio.Codecs;

namespace Bridge.Media.Codecs;

/// <summary>G.722 64 kbit/s decoder (two 16 kHz samples per octet) with waveform-repetition loss concealment.</summary>
internal sealed class G722Decoder : IAudioDecoder
{
    private const int MaxBytes = 8000 * 60 / 1000;
    private readonly G722Codec _codec = new();
    private readonly G722CodecState _state = new(64000, G722Flags.None);
    private readonly byte[] _input = new byte[MaxBytes];
    private readonly short[] _output = new short[MaxBytes * 2];
    private readonly LossConcealer _concealer = new(16000);

    public string Name => AudioCodecs.G722;

    public int SampleRate => 16000;

    public int RtpClockRate => 8000;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.Length == 0 || payload.Length > MaxBytes || pcm.Length < payload.Length * 2)
        {
            return -1;
        }

        payload.CopyTo(_input);
        int samples = _codec.Decode(_state, _output, _input, payload.Length);
        Span<short> output = pcm[..samples];
        _output.AsSpan(0, samples).CopyTo(output);
        _concealer.OnGoodFrame(output);
        return samples;
    }

    public int Conceal(Span<short> pcm, ReadOnlySpan<byte> nextPayloadForFec)
    {
        _concealer.Conceal(pcm);
        return pcm.Length;
    }
}
