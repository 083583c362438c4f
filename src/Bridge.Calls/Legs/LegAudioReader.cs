using Bridge.Media.Codecs;
using Bridge.Media.Tones;
using Bridge.Rtp;

namespace Bridge.Calls.Legs;

/// <summary>
/// Turns the leg's jitter buffer into exactly one 20 ms PCM frame per mixer tick, whatever the
/// sender's ptime (10–60 ms): packets are decoded into a small FIFO, gaps are concealed by the codec
/// (Opus from the next packet's FEC when it is there). Without RFC 4733 the decoded audio also goes
/// through the in-band DTMF detector. Runs on one mixer thread at a time; allocates nothing per tick.
/// </summary>
internal sealed partial class LegAudioReader
{
    private const int MaxPayload = 1500;

    private readonly JitterBuffer _jitter;
    private readonly IAudioDecoder _decoder;
    private readonly AudioCodecInfo _codec;
    private readonly TelephoneEventReceiver _events;
    private readonly DtmfDetector? _dtmf;
    private readonly Action<char> _onDigit;
    /// <summary>Scratch for one payload taken from the jitter buffer, and for the next one's FEC: used only within
    /// <see cref="Read"/>, so one pair per reading (mixer) thread, not 3 KB per leg.</summary>
    [ThreadStatic]
    private static byte[]? t_payload;

    [ThreadStatic]
    private static byte[]? t_next;

    private readonly short[] _fifo;
    private readonly char[] _digits = new char[8];
    private readonly Lock _lock = new();
    private int _fifoCount;
    private bool _started;

    public LegAudioReader(JitterBuffer jitter, IAudioDecoder decoder, AudioCodecInfo codec, TelephoneEventReceiver events, bool inBandDtmf, Action<char> onDigit)
    {
        _jitter = jitter;
        _decoder = decoder;
        _codec = codec;
        _events = events;
        _onDigit = onDigit;
        // Room for a 60 ms packet on top of a nearly full 20 ms frame, at the codec's rate.
        _fifo = new short[codec.SampleRate * 100 / 1000];
        // Only for peers that did not offer RFC 4733: their digits can only be in the audio.
        _dtmf = inBandDtmf ? new DtmfDetector(codec.SampleRate) : null;
    }

    public bool Read(Span<short> pcm)
    {
        lock (_lock)
        {
            _events.Poll();
            byte[] payload = t_payload ??= new byte[MaxPayload];
            var need = pcm.Length;
            while (_fifoCount < need)
            {
                var result = _jitter.Get(payload, out var frame);
                if (result == JitterBufferResult.Empty)
                {
                    break;
                }

                var room = _fifo.AsSpan(_fifoCount);
                int produced;
                if (result == JitterBufferResult.Frame)
                {
                    produced = _decoder.Decode(payload.AsSpan(0, frame.Length), room);
                    NoteLevel(room[..Math.Max(0, produced)]);
                }
                else
                {
                    var samples = Math.Clamp((int)((long)frame.Duration * _codec.SampleRate / _codec.RtpClockRate), 1, room.Length);
                    byte[] nextPayload = t_next ??= new byte[MaxPayload];
                    var fec = _jitter.TryPeekNext(nextPayload, out var next) ? nextPayload.AsSpan(0, next.Length) : default;
                    produced = _decoder.Conceal(room[..samples], fec);
                }

                if (produced <= 0)
                {
                    continue;
                }

                _started = true;
                _fifoCount += produced;
            }

            if (_fifoCount == 0)
            {
                return false;
            }

            var take = Math.Min(need, _fifoCount);
            _fifo.AsSpan(0, take).CopyTo(pcm);
            if (take < need)
            {
                // Underrun mid-stream: pad with silence rather than stall the room.
                pcm[take..].Clear();
            }

            _fifo.AsSpan(take, _fifoCount - take).CopyTo(_fifo);
            _fifoCount -= take;
            DetectInBand(pcm);
            return _started;
        }
    }

    private void DetectInBand(ReadOnlySpan<short> pcm)
    {
        if (_dtmf is null)
        {
            return;
        }

        var count = _dtmf.Process(pcm, _digits);
        for (var i = 0; i < count; i++)
        {
            _onDigit(_digits[i]);
        }
    }
}
