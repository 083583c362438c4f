namespace Bridge.Rtp;

/// <summary>
/// Turns received RFC 4733 event packets into one report per key press (§2.5.2). An event is identified by its SSRC and
/// RTP timestamp (§2.5.2.2), so the three redundant end packets and any retransmission count once; the event stream's SSRC
/// may differ from the audio's. An event whose end packets were all lost is reported when the next event starts, or after
/// <c>timeout</c> without packets (checked by <see cref="Poll"/>). Only DTMF events 0–15 are reported, in order.
/// Thread-safe; <see cref="EventReceived"/> is raised outside the lock on the calling thread.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private const int RecentKeys = 8;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ulong[] _recent = new ulong[RecentKeys];
    private int _recentCount;
    private int _recentNext;
    private bool _active;
    private uint _ssrc;
    private uint _timestamp;
    private int _code;
    private int _duration;
    private long _lastPacket;

    /// <summary>Creates a receiver; <paramref name="timeout"/> (default 1 s) ends an event that stops without an end packet.</summary>
    public TelephoneEventReceiver(TimeProvider time, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _timeout = timeout ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Raised once per completed key press, in order of the presses.</summary>
    public event Action<TelephoneEvent>? EventReceived;

    /// <summary>
    /// Feeds one event packet's payload with its RTP timestamp and SSRC. Returns false for a malformed payload or a
    /// non-DTMF event; redundant and retransmitted packets return true and are absorbed.
    /// </summary>
    public bool Put(ReadOnlySpan<byte> payload, uint timestamp, uint ssrc)
    {
        if (!TelephoneEvent.TryReadPayload(payload, out int code, out bool end, out _, out int duration) || code > 15)
        {
            return false;
        }

        TelephoneEvent first = default;
        TelephoneEvent second = default;
        bool raiseFirst = false;
        bool raiseSecond = false;
        lock (_lock)
        {
            ulong key = ((ulong)ssrc << 32) | timestamp;
            if (IsRecent(key))
            {
                return true;
            }

            if (_active && _ssrc == ssrc && _timestamp == timestamp)
            {
                _duration = Math.Max(_duration, duration);
                _lastPacket = _time.GetTimestamp();
                if (end)
                {
                    first = Complete(true);
                    raiseFirst = true;
                }
            }
            else
            {
                if (_active && _ssrc == ssrc && unchecked((int)(timestamp - _timestamp)) < 0)
                {
                    // A straggler of an event older than the current one (§2.5.2.2): already counted or superseded.
                    return true;
                }

                if (_active)
                {
                    first = Complete(false);
                    raiseFirst = true;
                }

                _active = true;
                _ssrc = ssrc;
                _timestamp = timestamp;
                _code = code;
                _duration = duration;
                _lastPacket = _time.GetTimestamp();
                if (end)
                {
                    second = Complete(true);
                    raiseSecond = true;
                }
            }
        }

        if (raiseFirst)
        {
            EventReceived?.Invoke(first);
        }

        if (raiseSecond)
        {
            EventReceived?.Invoke(second);
        }

        return true;
    }

    /// <summary>
    /// Ends an event that has received no packet for the timeout (its end packets were lost). Call periodically; the mixer
    /// does, every tick. It never waits for the socket thread: with no event under way it takes no lock, and when the
    /// socket thread holds the lock (it may have been preempted there) this poll is skipped, as the next one will do.
    /// </summary>
    public void Poll()
    {
        if (!Volatile.Read(ref _active) || !_lock.TryEnter())
        {
            return;
        }

        TelephoneEvent ended;
        try
        {
            if (!_active || _time.GetElapsedTime(_lastPacket) < _timeout)
            {
                return;
            }

            ended = Complete(false);
        }
        finally
        {
            _lock.Exit();
        }

        EventReceived?.Invoke(ended);
    }

    private TelephoneEvent Complete(bool endReceived)
    {
        _active = false;
        ulong key = ((ulong)_ssrc << 32) | _timestamp;
        _recent[_recentNext] = key;
        _recentNext = (_recentNext + 1) % RecentKeys;
        _recentCount = Math.Min(_recentCount + 1, RecentKeys);
        return new TelephoneEvent(_code, _duration, _ssrc, endReceived);
    }

    private bool IsRecent(ulong key)
    {
        for (int i = 0; i < _recentCount; i++)
        {
            if (_recent[i] == key)
            {
                return true;
            }
        }

        return false;
    }
}
