using Bridge.Media.Mixing;

namespace Bridge.Calls.Legs;

/// <summary>
/// The leg's membership of one mix room, as the mixer's port. A leg moves between rooms (lobby → conference → lobby)
/// by one queued mixer operation, so only one binding at a time is in a room and the leg's jitter buffer has a single
/// consumer. Receive and send can be switched off for hold.
/// </summary>
internal sealed class LegBinding(CallLeg leg) : IMixerPort
{
    private volatile bool _receive = true;
    private volatile bool _send = true;

    public string CodecName => leg.CodecName;

    public MixParticipant? Participant { get; set; }

    public bool ReceiveEnabled => _receive;

    public bool SendEnabled => _send;

    public void SetEnabled(bool receive, bool send)
    {
        _receive = receive;
        _send = send;
    }

    public bool ReadFrame(Span<short> pcm) => _receive && leg.ReadFrame(pcm);

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        if (_send)
        {
            leg.Send(payload, rtpTimestampIncrement);
        }
    }
}
