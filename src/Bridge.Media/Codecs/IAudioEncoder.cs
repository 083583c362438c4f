namespace Bridge.Media.Codecs;

/// <summary>Turns 16-bit mono PCM at <see cref="SampleRate"/> into one RTP payload. Not thread-safe: one owner.</summary>
public interface IAudioEncoder
{
    /// <summary>Codec name as in SDP rtpmap (PCMU, PCMA, G722, opus).</summary>
    string Name { get; }

    /// <summary>PCM rate the encoder consumes.</summary>
    int SampleRate { get; }

    /// <summary>RTP timestamp clock (8000 for G.722 although it samples at 16 kHz, RFC 3551 §4.5.2).</summary>
    int RtpClockRate { get; }

    /// <summary>Encodes one frame (normally 20 ms). Returns the payload length, or -1 when the input length
    /// is not a valid frame size or <paramref name="payload"/> is too small.</summary>
    int Encode(ReadOnlySpan<short> pcm, Span<byte> payload);
}
