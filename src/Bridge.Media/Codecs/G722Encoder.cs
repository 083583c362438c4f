using NAudio.Codecs;

namespace Bridge.Media.Codecs;

/// <summary>
/// G.722 at 64 kbit/s through NAudio's <see cref="G722Codec"/> (arrays only, so the arrays are kept and reused).
/// Samples at 16 kHz but its RTP clock is 8000 (RFC 3551 §4.5.2): the timestamp advances 160 per 20 ms.
/// </summary>
internal sealed class G722Encoder : IAudioEncoder, IEncoderStateTransfer
{
    private const int MaxSamples = 16000 * 60 / 1000;
    private readonly G722Codec _codec = new();
    private readonly G722CodecState _state = new(64000, G722Flags.None);
    private readonly short[] _input = new short[MaxSamples];
    private readonly byte[] _output = new byte[MaxSamples / 2];

    public string Name => AudioCodecs.G722;

    public int SampleRate => 16000;

    public int RtpClockRate => 8000;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (pcm.Length == 0 || pcm.Length > MaxSamples || (pcm.Length & 1) != 0 || payload.Length < pcm.Length / 2)
        {
            return -1;
        }

        pcm.CopyTo(_input);
        int bytes = _codec.Encode(_state, _output, _input, pcm.Length);
        _output.AsSpan(0, bytes).CopyTo(payload);
        return bytes;
    }

    /// <summary>Copies the QMF history and both sub-bands' ADPCM state (G.722 §3, §4); 64 kbit/s is unpacked, so the
    /// bit buffers stay empty.</summary>
    public bool TryCopyStateFrom(IAudioEncoder source)
    {
        if (source is not G722Encoder other)
        {
            return false;
        }

        other._state.QmfSignalHistory.AsSpan().CopyTo(_state.QmfSignalHistory);
        for (int i = 0; i < _state.Band.Length; i++)
        {
            Band from = other._state.Band[i];
            Band to = _state.Band[i];
            to.s = from.s;
            to.sp = from.sp;
            to.sz = from.sz;
            to.nb = from.nb;
            to.det = from.det;
            from.r.AsSpan().CopyTo(to.r);
            from.a.AsSpan().CopyTo(to.a);
            from.ap.AsSpan().CopyTo(to.ap);
            from.p.AsSpan().CopyTo(to.p);
            from.d.AsSpan().CopyTo(to.d);
            from.b.AsSpan().CopyTo(to.b);
            from.bp.AsSpan().CopyTo(to.bp);
            from.sg.AsSpan().CopyTo(to.sg);
        }

        return true;
    }
}
