namespace Bridge.Media.Codecs;

/// <summary>
/// Opus decoder on the system's libopus (<see cref="LibOpus"/>), 48 kHz mono like <see cref="OpusAudioDecoder"/>: a
/// loss is rebuilt from the next packet's in-band FEC when there is one, otherwise by libopus' PLC. libopus checks
/// every packet it is given (it is fuzzed upstream); a malformed one returns an error, reported here as -1.
/// </summary>
internal sealed unsafe class NativeOpusDecoder : IAudioDecoder, IDisposable
{
    private IntPtr _state;

    internal NativeOpusDecoder()
    {
        _state = LibOpus.opus_decoder_create(48000, 1, out var error);
        if (_state == IntPtr.Zero || error != 0)
        {
            throw new InvalidOperationException($"libopus could not create a decoder (error {error}).");
        }
    }

    ~NativeOpusDecoder() => Free();

    public string Name => AudioCodecs.Opus;

    public int SampleRate => 48000;

    public int RtpClockRate => 48000;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.Length == 0 || pcm.Length < 120 || _state == IntPtr.Zero)
        {
            return -1;
        }

        fixed (byte* input = payload)
        fixed (short* output = pcm)
        {
            var samples = LibOpus.opus_decode(_state, input, payload.Length, output, Math.Min(pcm.Length, AudioFrame.MaxPacketSamples), 0);
            GC.KeepAlive(this); // the finalizer must not free the state during the call
            return samples > 0 ? samples : -1;
        }
    }

    public int Conceal(Span<short> pcm, ReadOnlySpan<byte> nextPayloadForFec)
    {
        if (pcm.Length % 120 != 0 || pcm.Length == 0 || pcm.Length > AudioFrame.MaxPacketSamples || _state == IntPtr.Zero)
        {
            return -1;
        }

        fixed (byte* next = nextPayloadForFec)
        fixed (short* output = pcm)
        {
            // FEC needs the missing duration as frame size (RFC 6716 §2.1.7); a null packet asks for PLC.
            var samples = nextPayloadForFec.IsEmpty
                ? LibOpus.opus_decode(_state, null, 0, output, pcm.Length, 0)
                : LibOpus.opus_decode(_state, next, nextPayloadForFec.Length, output, pcm.Length, 1);
            GC.KeepAlive(this);
            if (samples < pcm.Length)
            {
                pcm[Math.Max(samples, 0)..].Clear();
            }
        }

        return pcm.Length;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        var state = Interlocked.Exchange(ref _state, IntPtr.Zero);
        if (state != IntPtr.Zero)
        {
            LibOpus.opus_decoder_destroy(state);
        }
    }
}
