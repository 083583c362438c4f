using Bridge.Media.Mixing;

namespace Bridge.Calls.Legs;

/// <summary>
/// The leg's membership of one mix room. A leg moves between rooms (lobby → conference → lobby); a
/// room applies joins and leaves at its next tick, so for one tick two rooms may both hold the leg.
/// Only the active binding reads or sends, so the leg's jitter buffer has a single consumer.
/// </summary>
internal sealed class LegBinding(CallLeg leg) : IMixerPort
{
    private volatile bool _active = true;

    public string CodecName => leg.CodecName;

    public MixParticipant? Participant { get; set; }

    public void Deactivate() => _active = false;

    public bool ReadFrame(Span<short> pcm) => _active && leg.ReadFrame(pcm);

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        if (_active)
        {
            leg.Send(payload, rtpTimestampIncrement);
        }
    }
}
