namespace Bridge.Rtp;

/// <summary>
/// Produces RFC 4733 packets for queued DTMF keys (§2.5.1): the first packet of an event carries the marker bit, every
/// packet carries the event's start timestamp and the duration so far, the end packet is sent three times (§2.5.1.4),
/// and a short pause separates keys. Driven by the sending thread once per packet interval; not thread-safe except
/// <see cref="Enqueue"/>, which may be called from any thread.
/// </summary>
public sealed class TelephoneEventSender
{
    private const int EndRepeats = 3;
    private const int QueueCapacity = 32;

    private readonly Lock _queueLock = new();
    private readonly int[] _queue = new int[QueueCapacity];
    private readonly int _clockRate;
    private readonly int _toneUnits;
    private readonly int _gapUnits;
    private readonly int _volume;
    private int _queueHead;
    private int _queueCount;
    private State _state;
    private int _code;
    private uint _eventTimestamp;
    private int _duration;
    private int _endsSent;
    private int _gapLeft;

    /// <summary>Creates a sender; <paramref name="toneDuration"/> defaults to 100 ms and <paramref name="pause"/> to 60 ms.</summary>
    public TelephoneEventSender(int clockRate, TimeSpan? toneDuration = null, TimeSpan? pause = null, int volume = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1000);
        ArgumentOutOfRangeException.ThrowIfNegative(volume);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, 63);
        _clockRate = clockRate;
        _toneUnits = (int)Math.Min(ushort.MaxValue, (toneDuration ?? TimeSpan.FromMilliseconds(100)).TotalSeconds * clockRate);
        _gapUnits = (int)((pause ?? TimeSpan.FromMilliseconds(60)).TotalSeconds * clockRate);
        _volume = volume;
    }

    private enum State
    {
        Idle,
        Tone,
        Ending,
        Pause,
    }

    /// <summary>The clock rate of the event payload type.</summary>
    public int ClockRate => _clockRate;

    /// <summary>True while an event is being sent (audio is replaced by event packets).</summary>
    public bool IsSending => _state is State.Tone or State.Ending;

    /// <summary>Queues a DTMF key (0-9, *, #, A-D). False for another character or a full queue.</summary>
    public bool Enqueue(char digit)
    {
        int code = TelephoneEvent.DigitToCode(digit);
        if (code < 0)
        {
            return false;
        }

        lock (_queueLock)
        {
            if (_queueCount == QueueCapacity)
            {
                return false;
            }

            _queue[(_queueHead + _queueCount) % QueueCapacity] = code;
            _queueCount++;
            return true;
        }
    }

    /// <summary>
    /// Called once per packet interval of <paramref name="frameUnits"/>. When an event packet is due, writes its 4-octet
    /// payload and returns true with the marker and the event's RTP timestamp; false means "send audio as usual".
    /// <paramref name="mediaTimestamp"/> is the timestamp the audio frame of this interval would carry.
    /// </summary>
    public bool TryNext(uint mediaTimestamp, int frameUnits, Span<byte> payload, out bool marker, out uint eventTimestamp)
    {
        marker = false;
        eventTimestamp = 0;
        if (payload.Length < TelephoneEvent.PayloadLength || frameUnits <= 0)
        {
            return false;
        }

        switch (_state)
        {
            case State.Pause:
                _gapLeft -= frameUnits;
                if (_gapLeft > 0)
                {
                    return false;
                }

                _state = State.Idle;
                goto case State.Idle;
            case State.Idle:
                if (!TryDequeue(out _code))
                {
                    return false;
                }

                _state = State.Tone;
                _eventTimestamp = mediaTimestamp;
                _duration = frameUnits;
                marker = true;
                break;
            case State.Tone:
                _duration = Math.Min(ushort.MaxValue, _duration + frameUnits);
                break;
            case State.Ending:
                break;
        }

        if (_state == State.Tone && _duration >= _toneUnits)
        {
            _state = State.Ending;
            _endsSent = 0;
        }

        bool end = _state == State.Ending;
        eventTimestamp = _eventTimestamp;
        TelephoneEvent.TryWritePayload(payload, _code, end, _volume, _duration);
        if (end && ++_endsSent == EndRepeats)
        {
            _state = State.Pause;
            _gapLeft = _gapUnits;
        }

        return true;
    }

    private bool TryDequeue(out int code)
    {
        lock (_queueLock)
        {
            if (_queueCount == 0)
            {
                code = 0;
                return false;
            }

            code = _queue[_queueHead];
            _queueHead = (_queueHead + 1) % QueueCapacity;
            _queueCount--;
            return true;
        }
    }
}
