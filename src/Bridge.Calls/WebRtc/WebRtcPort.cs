using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// A browser leg's membership of one mix room, as the mixer's port: Opus 48 kHz mono in and out (RFC 7587). One binding
/// per room the leg is in, so the leg's jitter buffer has a single consumer across moves.
/// </summary>
internal sealed class WebRtcPort(WebRtcLeg leg) : IMixerPort
{
    public string CodecName => AudioCodecs.Opus;

    public MixParticipant? Participant { get; set; }

    public bool ReadFrame(Span<short> pcm) => leg.ReadFrame(pcm);

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement) => leg.Send(payload, rtpTimestampIncrement);
}
