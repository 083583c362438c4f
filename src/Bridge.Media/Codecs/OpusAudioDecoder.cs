using Concentus;

namespace Bridge.Media.Codecs;

/// <summary>
/// Opus decoder at 48 kHz mono (RFC 7587 §4.1: the RTP clock is always 48000). A loss is rebuilt from the
/// next packet's in-band FEC when the caller has it, otherwise from Opus' own PLC (an empty packet).
/// </summary>
internal sealed class OpusAudioDecoder : IAudioDecoder
{
    private readonly IOpusDecoder _decoder;

    internal OpusAudioDecoder()
    {
        AudioCodecs.EnsureManagedOpus();
        _decoder = OpusCodecFactory.CreateDecoder(48000, 1);
    }

    public string Name => AudioCodecs.Opus;

    public int SampleRate => 48000;

    public int RtpClockRate => 48000;

    /// <summary>Opus frame sizes at 48 kHz: 2.5, 5, 10, 20, 40, 60 ms (RFC 6716 §2.1.4).</summary>
    internal static bool IsValidFrameSize(int samples) =>
        samples is 120 or 240 or 480 or 960 or 1920 or 2880;

    public int Decode(ReadOnlySpan<byte> payload, Span<short> pcm)
    {
        if (payload.Length == 0 || pcm.Length < 120)
        {
            return -1;
        }

        try
        {
            int frame = Math.Min(pcm.Length, AudioFrame.MaxPacketSamples);
            return _decoder.Decode(payload, pcm, frame, false);
        }
        catch (OpusException)
        {
            return -1;
        }
        catch (ArgumentException)
        {
            return -1;
        }
        catch (IndexOutOfRangeException)
        {
            return -1;
        }
    }

    public int Conceal(Span<short> pcm, ReadOnlySpan<byte> nextPayloadForFec)
    {
        if (pcm.Length % 120 != 0 || pcm.Length == 0 || pcm.Length > AudioFrame.MaxPacketSamples)
        {
            return -1;
        }

        try
        {
            int written = nextPayloadForFec.IsEmpty
                ? _decoder.Decode(ReadOnlySpan<byte>.Empty, pcm, pcm.Length, false)
                : _decoder.Decode(nextPayloadForFec, pcm, pcm.Length, true);
            if (written < pcm.Length)
            {
                pcm[Math.Max(written, 0)..].Clear();
            }

            return pcm.Length;
        }
        catch (OpusException)
        {
            pcm.Clear();
            return pcm.Length;
        }
        catch (ArgumentException)
        {
            pcm.Clear();
            return pcm.Length;
        }
        catch (IndexOutOfRangeException)
        {
            pcm.Clear();
            return pcm.Length;
        }
    }
}
