using System.Net;
using Bridge.Calls.Media;
using Bridge.Conferencing;
using Bridge.Conferencing.Prompts;
using Bridge.Media;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.TestKit.Audio;

namespace Bridge.Calls.Tests.WebRtc;

/// <summary>
/// A phone in the same mixer as the browser: G.711 μ-law at 8 kHz, sending a tone every tick and decoding what the mixer
/// sends it. It enters the room through the conference service's IVR with its PIN, as a SIP leg does (prompts count as
/// played at once); only the SIP/RTP transport of a real phone is left out.
/// </summary>
internal sealed class TestPhone(string id, string user, double frequency) : IConferenceLeg, IMixLeg, IMixerPort
{
    private readonly Lock _lock = new();
    private readonly List<short> _received = [];
    private readonly IAudioDecoder _decoder = AudioCodecs.CreateDecoder(AudioCodecs.Pcmu);
    private readonly short[] _decoded = new short[AudioFrame.MaxPacketSamples];
    private long _offset;

    public string Id { get; } = id;

    public CallerSource Source { get; } = new(IPAddress.Loopback, user);

    public bool IsMediaSecure => true;

    public bool IsReleased => false;

    public MixParticipant? Participant { get; private set; }

    public string CodecName => AudioCodecs.Pcmu;

    public int ReceivedSamples
    {
        get
        {
            lock (_lock)
            {
                return _received.Count;
            }
        }
    }

    public MixParticipant? MoveTo(MixRoom room, bool hearsRoom, bool muted)
    {
        var participant = Participant is { } previous ? previous.Room.Move(previous, room, this, hearsRoom) : room.Join(this, hearsRoom);
        participant.Muted = muted;
        Participant = participant;
        return participant;
    }

    public void PlayPrompts(IReadOnlyList<PromptRef> prompts, Action onDone) => onDone();

    public void StopPrompts()
    {
    }

    public void StartEcho(TimeSpan delay)
    {
    }

    public void Hangup()
    {
    }

    public bool ReadFrame(Span<short> pcm)
    {
        TestTones.Fill(pcm, frequency, 8000, offset: _offset);
        _offset += pcm.Length;
        return true;
    }

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        var samples = _decoder.Decode(payload, _decoded);
        if (samples > 0)
        {
            lock (_lock)
            {
                _received.AddRange(_decoded.AsSpan(0, samples));
            }
        }
    }

    public short[] Tail(int samples)
    {
        lock (_lock)
        {
            var take = Math.Min(samples, _received.Count);
            return [.. _received.GetRange(_received.Count - take, take)];
        }
    }
}
