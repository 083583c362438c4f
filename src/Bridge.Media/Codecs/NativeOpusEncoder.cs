namespace Bridge.Media.Codecs;

/// <summary>
/// Opus encoder on the system's libopus (<see cref="LibOpus"/>), with the settings of <see cref="OpusAudioEncoder"/>:
/// 48 kHz mono, VOIP application, voice signal, in-band FEC planned for the expected loss. Allocates nothing per frame.
/// </summary>
internal sealed unsafe class NativeOpusEncoder : IAudioEncoder, IEncoderStateTransfer, IDisposable
{
    private const int MaxPayload = 1275;
    private IntPtr _state;

    internal NativeOpusEncoder(OpusSettings settings)
    {
        _state = LibOpus.opus_encoder_create(48000, 1, LibOpus.ApplicationVoip, out var error);
        if (_state == IntPtr.Zero || error != 0)
        {
            throw new InvalidOperationException($"libopus could not create an encoder (error {error}).");
        }

        Set(LibOpus.SetBitrateRequest, settings.Bitrate);
        Set(LibOpus.SetComplexityRequest, settings.Complexity);
        Set(LibOpus.SetInbandFecRequest, 1);
        Set(LibOpus.SetPacketLossPercRequest, settings.ExpectedLossPercent);
        Set(LibOpus.SetSignalRequest, LibOpus.SignalVoice);
    }

    ~NativeOpusEncoder() => Free();

    public string Name => AudioCodecs.Opus;

    public int SampleRate => 48000;

    public int RtpClockRate => 48000;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (!OpusAudioDecoder.IsValidFrameSize(pcm.Length) || payload.Length == 0 || _state == IntPtr.Zero)
        {
            return -1;
        }

        fixed (short* input = pcm)
        fixed (byte* output = payload)
        {
            var written = LibOpus.opus_encode(_state, input, pcm.Length, output, Math.Min(payload.Length, MaxPayload));
            GC.KeepAlive(this); // the finalizer must not free the state during the call
            return written > 0 ? written : -1;
        }
    }

    /// <summary>libopus documents its encoder state as one position-independent block of
    /// <c>opus_encoder_get_size</c> bytes that may be copied freely; both encoders were created with the same settings.</summary>
    public bool TryCopyStateFrom(IAudioEncoder source)
    {
        if (source is not NativeOpusEncoder other || other._state == IntPtr.Zero || _state == IntPtr.Zero)
        {
            return false;
        }

        int size = LibOpus.opus_encoder_get_size(1);
        Buffer.MemoryCopy((void*)other._state, (void*)_state, size, size);
        GC.KeepAlive(other);
        GC.KeepAlive(this);
        return true;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Set(int request, int value)
    {
        var result = LibOpus.opus_encoder_ctl(_state, request, value);
        if (result != 0)
        {
            Free();
            throw new InvalidOperationException($"libopus refused encoder setting {request} = {value} (error {result}).");
        }
    }

    private void Free()
    {
        var state = Interlocked.Exchange(ref _state, IntPtr.Zero);
        if (state != IntPtr.Zero)
        {
            LibOpus.opus_encoder_destroy(state);
        }
    }
}
