namespace Bridge.Media.Codecs;

/// <summary>Turns RTP payloads (any ptime from 10 to 60 ms) into 16-bit mono PCM, and conceals losses.
/// Not thread-safe: one owner (the call leg's jitter buffer reader).</summary>
public interface IAudioDecoder
{
    /// <summary>Codec name as in SDP rtpmap (PCMU, PCMA, G722, opus).</summary>
    string Name { get; }

    /// <summary>PCM rate the decoder produces.</summary>
    int SampleRate { get; }

    /// <summary>RTP timestamp clock (8000 for G.722, RFC 3551 §4.5.2).</summary>
    int RtpClockRate { get; }

    /// <summary>Decodes one payload into <paramref name="pcm"/>. Returns the number of samples written,
    /// or -1 for a malformed payload or a too-small output (never throws on bad input). Give a buffer of
    /// <see cref="AudioFrame.MaxPacketSamples"/> so any ptime up to 60 ms fits.</summary>
    int Decode(ReadOnlySpan<byte> payload, Span<short> pcm);

    /// <summary>Fills all of <paramref name="pcm"/> (the missing duration) for a lost packet. Opus rebuilds it
    /// from the in-band FEC of <paramref name="nextPayloadForFec"/> when that is given (RFC 6716 §2.1.7), or
    /// uses its own PLC; G.711/G.722 repeat the last pitch period, fading out over 60 ms (G.711 Appendix I idea).
    /// Returns the number of samples written, or -1 when the length is invalid.</summary>
    int Conceal(Span<short> pcm, ReadOnlySpan<byte> nextPayloadForFec);
}
