using Concentus;
using Concentus.Enums;

namespace Bridge.Media.Codecs;

/// <summary>
/// Opus (RFC 6716, RTP per RFC 7587) at 48 kHz mono, VOIP application, in-band FEC on (RFC 6716 §2.1.7)
/// with an expected loss so the encoder actually spends bits on it. Managed Concentus only
/// (<see cref="AudioCodecs"/> turns the native probe off), so behaviour does not depend on the host's libopus.
/// </summary>
internal sealed class OpusAudioEncoder : IAudioEncoder
{
    private const int MaxPayload = 1275;
    private readonly IOpusEncoder _encoder;

    internal OpusAudioEncoder(OpusSettings settings)
    {
        AudioCodecs.EnsureManagedOpus();
        _encoder = OpusCodecFactory.CreateEncoder(48000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        _encoder.Bitrate = settings.Bitrate;
        _encoder.Complexity = settings.Complexity;
        _encoder.UseInbandFEC = true;
        _encoder.PacketLossPercent = settings.ExpectedLossPercent;
        _encoder.SignalType = OpusSignal.OPUS_SIGNAL_VOICE;
    }

    public string Name => AudioCodecs.Opus;

    public int SampleRate => 48000;

    public int RtpClockRate => 48000;

    public int Encode(ReadOnlySpan<short> pcm, Span<byte> payload)
    {
        if (!OpusAudioDecoder.IsValidFrameSize(pcm.Length) || payload.Length == 0)
        {
            return -1;
        }

        try
        {
            return _encoder.Encode(pcm, pcm.Length, payload, Math.Min(payload.Length, MaxPayload));
        }
        catch (OpusException)
        {
            return -1;
        }
        catch (ArgumentException)
        {
            return -1;
        }
    }
}
