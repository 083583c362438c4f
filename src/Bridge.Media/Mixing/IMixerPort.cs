namespace Bridge.Media.Mixing;

/// <summary>
/// What the mixer needs from a participant's media (pjmedia's port idea): one decoded frame in, one
/// encoded frame out, per 20 ms tick. The call leg implements it over its jitter buffer (decode and loss
/// concealment happen there) and its RTP sender. Both methods are called on the mixer thread: never block.
/// </summary>
public interface IMixerPort
{
    /// <summary>Negotiated codec (PCMU, PCMA, G722, opus). Read once at join: the mixer creates the matching
    /// encoder, and <see cref="ReadFrame"/> must deliver PCM at that codec's sample rate
    /// (<see cref="Codecs.AudioCodecs.GetInfo(string)"/>.SampleRate).</summary>
    string CodecName { get; }

    /// <summary>Fills exactly one 20 ms frame (160 samples for G.711, 320 for G.722, 960 for Opus), decoded or
    /// concealed. Returns false when there is nothing this tick (no stream yet, on hold): treated as silence.</summary>
    bool ReadFrame(Span<short> pcm);

    /// <summary>Sends one encoded 20 ms payload. The same payload may be handed to several ports (a shared
    /// encode): copy it before returning. <paramref name="rtpTimestampIncrement"/> is in the codec's RTP clock
    /// (160 for G.711 and G.722, 960 for Opus).</summary>
    void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement);
}
