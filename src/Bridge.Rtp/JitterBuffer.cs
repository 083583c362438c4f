using System.Numerics;

namespace Bridge.Rtp;

/// <summary>
/// Adaptive playout buffer for one received audio stream (RFC 3550 §6.4.1 and A.8 give the model of transit and jitter).
/// The socket thread calls <see cref="Put(ReadOnlySpan{byte}, ushort, uint, uint, int, bool)"/>; the reading thread (the
/// mixer's) calls <see cref="Get"/> whenever it needs the next frame. The target delay follows the peak of the measured
/// delay variation (rising at once, decaying slowly) within [MinDelay, MaxDelay]; packets are ordered by extended sequence
/// number and timed by RTP timestamp, so any ptime from 10 to 60 ms works. Slots are preallocated (small, grown once if
/// larger payloads arrive): nothing is allocated per packet. The two threads share no lock: a packet goes from the socket
/// thread to the reader through a ring with one producer and one consumer (<see cref="Put(ReadOnlySpan{byte}, ushort, uint, uint, int, bool)"/>),
/// stamped with its arrival time, and everything else is the reader's. A socket thread that the scheduler preempted can
/// no longer hold up a real-time mixer, as it did through a shared lock (77 ms in a join storm, issue 14).
/// </summary>
public sealed partial class JitterBuffer
{
    private const double PeakDecay = 1.0 / 256;
    private const int MinPlausibleFrameMs = 5;
    private const int MaxPlausibleFrameMs = 120;
    private const int OutageSkip = 3;

    private readonly TimeProvider _time;
    private readonly int _clockRate;
    private readonly int _mask;
    private readonly int _maxPayloadSize;
    private readonly int _initialSlotSize;
    private int _slotSize;
    private byte[] _payloads;
    private readonly long[] _slotSequence;
    private readonly long[] _slotTimestamp;
    private readonly int[] _slotLength;
    private readonly byte[] _slotPayloadType;
    private readonly bool[] _slotMarker;
    private readonly long _startTicks;
    private readonly double _minDelayUnits;
    private readonly double _maxDelayUnits;
    private readonly long _resyncUnits;
    private readonly long _lateResyncUnits;
    private readonly long _windowUnits;

    private bool _started;
    private bool _playedSinceSync;
    private uint _ssrc;
    private long _highestSequence;
    private long _nextSequence;
    private long _timestampReference;
    private long _playoutTimestamp;
    private long _expectedTimestamp;
    private long _lastArrival;
    private ushort _jumpCandidate;
    private bool _haveJumpCandidate;
    private long _previousSequence = -2;
    private long _previousTimestamp;
    private int _frameUnits;
    private int _buffered;
    private long _minTransitCurrent;
    private long _minTransitPrevious;
    private long _windowStart;
    private double _peak;
    private double _maxRelativeCurrent;
    private double _maxRelativePrevious;
    private long _lastDelayUnits;
    private long _played;
    private long _lost;
    private long _late;
    private long _duplicates;
    private long _overflow;
    private long _discarded;
    private long _resyncs;
    private long _concealed;
    private bool _pauseMarked;
    private long _lateUnits;
    private int _slotGrowths;

    /// <summary>Creates a buffer for a stream with the given RTP clock rate.</summary>
    public JitterBuffer(int clockRate, TimeProvider time, JitterBufferOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(clockRate, 1000);
        options ??= new JitterBufferOptions();
        if (options.Capacity < 4 || (options.Capacity & (options.Capacity - 1)) != 0)
        {
            throw new ArgumentException("Capacity must be a power of two of at least 4.", nameof(options));
        }

        _time = time;
        _clockRate = clockRate;
        _mask = options.Capacity - 1;
        _maxPayloadSize = options.MaxPayloadSize;
        ArgumentOutOfRangeException.ThrowIfLessThan(options.InitialSlotSize, 1, nameof(options));
        _slotSize = Math.Min(options.InitialSlotSize, options.MaxPayloadSize);
        _initialSlotSize = _slotSize;
        CreateArrivals();
        _payloads = new byte[options.Capacity * _slotSize];
        _slotSequence = new long[options.Capacity];
        _slotTimestamp = new long[options.Capacity];
        _slotLength = new int[options.Capacity];
        _slotPayloadType = new byte[options.Capacity];
        _slotMarker = new bool[options.Capacity];
        Array.Fill(_slotSequence, -1);
        _startTicks = time.GetTimestamp();
        _minDelayUnits = ToUnits(options.MinDelay);
        _maxDelayUnits = ToUnits(options.MaxDelay);
        _peak = Math.Max(0, ToUnits(options.InitialDelay) - (clockRate / 50));
        _resyncUnits = clockRate;
        _lateResyncUnits = clockRate / 2;
        _windowUnits = 10L * clockRate;
        _frameUnits = clockRate / 50;
    }

    /// <summary>Bytes held per slot now (grows with the largest payload seen, up to the configured maximum). Reading thread.</summary>
    public int SlotSize
    {
        get
        {
            TakeArrivals();
            return _slotSize;
        }
    }

    /// <summary>How often the slots grew for a larger payload. Reading thread.</summary>
    public int SlotGrowths
    {
        get
        {
            TakeArrivals();
            return _slotGrowths;
        }
    }

    /// <summary>The RTP clock rate of the stream.</summary>
    public int ClockRate => _clockRate;

    /// <summary>The reader's half of a put: the packet, with the time it arrived, goes into the slots.</summary>
    private bool Insert(ReadOnlySpan<byte> payload, ushort sequenceNumber, uint timestamp, uint ssrc, int payloadType, bool marker, long now)
    {
        if (payload.Length > _slotSize)
        {
            GrowSlots(payload.Length);
        }

        _pauseMarked = false;
        if (!_started || ssrc != _ssrc || _lateUnits >= _lateResyncUnits)
        {
            // A new stream, or half a second of this one dropped as late with nothing played between: its clock fell
            // behind ours by more than the largest delay (a sender whose capture stalled and whose timestamps did not
            // advance meanwhile). Without re-anchoring, every later packet would be late too, for as long as the
            // transit windows remember the old timing (10-20 s of silence).
            Resync(ssrc, sequenceNumber, timestamp, now);
        }

        long sequence = _highestSequence + unchecked((short)(sequenceNumber - (ushort)_highestSequence));
        long extendedTimestamp = _timestampReference + unchecked((int)(timestamp - (uint)_timestampReference));
        long transit = now - extendedTimestamp;
        long minTransit = Math.Min(_minTransitCurrent, _minTransitPrevious);
        bool jumped = transit - minTransit > _resyncUnits || minTransit - transit > _resyncUnits;
        bool farSequence = Math.Abs(sequence - _highestSequence) > _mask;
        if (farSequence && !jumped && IsPauseOver(sequence, extendedTimestamp))
        {
            farSequence = false;
        }

        if (jumped || farSequence)
        {
            if (!_haveJumpCandidate || sequenceNumber != _jumpCandidate)
            {
                // One packet far off may be a stray (a very late or misdirected packet): wait for a second
                // one in sequence before believing in a discontinuity (as RFC 3550 A.1 does for sequence jumps).
                _jumpCandidate = unchecked((ushort)(sequenceNumber + 1));
                _haveJumpCandidate = true;
                _late++;
                return false;
            }

            // A confirmed timestamp or sequence discontinuity: the sender restarted its clock or its numbering.
            Resync(ssrc, sequenceNumber, timestamp, now);
            sequence = _highestSequence;
            extendedTimestamp = _timestampReference;
            transit = now - extendedTimestamp;
        }

        _haveJumpCandidate = false;
        TrackTransit(transit, now);
        _lastArrival = now;

        if (_playedSinceSync ? sequence < _nextSequence : _buffered > 0 && sequence <= _highestSequence - _mask)
        {
            _late++;
            _lateUnits += _frameUnits;
            return false;
        }

        int slot = (int)(sequence & _mask);
        if (_slotSequence[slot] == sequence)
        {
            _duplicates++;
            return false;
        }

        if (_buffered == 0 && !_playedSinceSync)
        {
            _nextSequence = sequence;
        }
        else if (!_playedSinceSync && sequence < _nextSequence)
        {
            _nextSequence = sequence;
        }

        while (sequence - _nextSequence > _mask)
        {
            DropOldest();
        }

        if (_slotSequence[slot] >= 0)
        {
            _buffered--;
        }

        _slotSequence[slot] = sequence;
        _slotTimestamp[slot] = extendedTimestamp;
        _slotLength[slot] = payload.Length;
        _slotPayloadType[slot] = (byte)payloadType;
        _slotMarker[slot] = marker;
        payload.CopyTo(_payloads.AsSpan(slot * _slotSize, _slotSize));
        _buffered++;
        if (sequence > _highestSequence)
        {
            _highestSequence = sequence;
            _timestampReference = extendedTimestamp;
        }

        LearnFrameDuration(sequence, extendedTimestamp);
        return true;
    }

    /// <summary>
    /// Takes the next playout step: copies the due packet's payload into <paramref name="destination"/> (Frame), reports a
    /// gap to conceal (Lost) or nothing due (Empty). Call it whenever the caller has consumed the previous frame's duration.
    /// </summary>
    public JitterBufferResult Get(Span<byte> destination, out JitterFrame frame)
    {
        frame = default;
        TakeArrivals();
        if (!_started || (_buffered == 0 && !_playedSinceSync))
        {
            return JitterBufferResult.Empty;
        }

        long now = NowUnits();
        long minTransit = Math.Min(_minTransitCurrent, _minTransitPrevious);
        double idealTimestamp = now - minTransit - TargetUnits;

        // A packet is due once a packet with the peak delay variation would have arrived: target - peak = frame + margin.
        double dueLimit = idealTimestamp + _frameUnits + Margin;
        if (!_playedSinceSync && _slotSequence[(int)(_nextSequence & _mask)] != _nextSequence)
        {
            SkipToFirstBuffered();
        }

        for (int guard = 0; guard <= _mask + 1; guard++)
        {
            int slot = (int)(_nextSequence & _mask);
            if (_slotSequence[slot] == _nextSequence)
            {
                long timestamp = _slotTimestamp[slot];
                if (_playedSinceSync && timestamp < _playoutTimestamp && !_slotMarker[slot])
                {
                    // Its time was already filled by concealment: playing it now would only add delay.
                    ClearSlot(slot);
                    _late++;
                    _lateUnits += _frameUnits;
                    _nextSequence++;
                    _expectedTimestamp = timestamp + _frameUnits;
                    continue;
                }

                if (timestamp > dueLimit)
                {
                    // Early: still filling to the target delay, or silence before the next talkspurt.
                    return JitterBufferResult.Empty;
                }

                int nextSlot = (int)((_nextSequence + 1) & _mask);
                double hysteresis = Math.Max(_frameUnits, _clockRate / 50);
                if (_playedSinceSync && timestamp < idealTimestamp - hysteresis && _slotSequence[nextSlot] == _nextSequence + 1)
                {
                    // Too far behind the target: drop one packet, the delay falls by one frame.
                    ClearSlot(slot);
                    _nextSequence++;
                    _discarded++;
                    slot = nextSlot;
                    timestamp = _slotTimestamp[slot];
                }

                return TakeFrame(slot, timestamp, now - minTransit, destination, out frame);
            }

            long first = FirstBufferedAfterNext();
            if (first >= 0 && _expectedTimestamp < _playoutTimestamp)
            {
                // Missing, and its time was already concealed while nothing was buffered: skip it silently.
                _nextSequence++;
                _expectedTimestamp += _frameUnits;
                _lost++;
                continue;
            }

            if (_playoutTimestamp > dueLimit)
            {
                return JitterBufferResult.Empty;
            }

            if (first >= 0)
            {
                int firstSlot = (int)(first & _mask);
                if (first - _nextSequence >= OutageSkip && _slotTimestamp[firstSlot] <= dueLimit)
                {
                    // After an outage the next packet is already due: skip the gap instead of concealing it frame by frame.
                    _lost += first - _nextSequence;
                    _nextSequence = first;
                    return TakeFrame(firstSlot, _slotTimestamp[firstSlot], now - minTransit, destination, out frame);
                }

                frame = new JitterFrame((uint)_playoutTimestamp, _frameUnits, 0, -1, false);
                _playoutTimestamp += _frameUnits;
                _expectedTimestamp = _playoutTimestamp;
                _nextSequence++;
                _lost++;
                _concealed++;
                return JitterBufferResult.Lost;
            }

            if (!_pauseMarked && now - _lastArrival <= (2 * TargetUnits) + (2 * _frameUnits))
            {
                // Due, nothing buffered, yet the stream is flowing: most likely lost. Conceal without giving up the
                // sequence number, in case it is only late or a new talkspurt starts with it.
                frame = new JitterFrame((uint)_playoutTimestamp, _frameUnits, 0, -1, false);
                _playoutTimestamp += _frameUnits;
                _concealed++;
                return JitterBufferResult.Lost;
            }

            // The sender paused (silence suppression, hold, or the receiver skips its silence: MarkPause) or the
            // network stalled.
            return JitterBufferResult.Empty;
        }

        return JitterBufferResult.Empty;
    }

    /// <summary>Copies the packet that will be played next without consuming it (e.g. Opus in-band FEC after a Lost). Reading thread.</summary>
    public bool TryPeekNext(Span<byte> destination, out JitterFrame frame)
    {
        frame = default;
        TakeArrivals();
        int slot = (int)(_nextSequence & _mask);
        if (!_started || _slotSequence[slot] != _nextSequence || _slotLength[slot] > destination.Length)
        {
            return false;
        }

        _payloads.AsSpan(slot * _slotSize, _slotLength[slot]).CopyTo(destination);
        frame = new JitterFrame((uint)_slotTimestamp[slot], _frameUnits, _slotLength[slot], _slotPayloadType[slot], _slotMarker[slot]);
        return true;
    }

    /// <summary>Drops everything buffered; the next packet starts a new stream (e.g. after hold). Reading thread.</summary>
    public void Reset()
    {
        TakeArrivals();
        Flush();
        _started = false;
    }

    /// <summary>
    /// Reads the counters. Any thread: each is a single word written only by the reading thread, so another thread sees
    /// each as of some recent step (packets still in the arrival ring are not counted yet).
    /// </summary>
    public JitterBufferStatistics GetStatistics()
    {
        return new JitterBufferStatistics(
            _played,
            _lost,
            _late,
            _duplicates,
            _overflow + Volatile.Read(ref _arrivalsDropped),
            _discarded,
            _resyncs,
            _buffered,
            ToTime(_lastDelayUnits),
            ToTime((long)TargetUnits),
            _concealed);
    }

    // One frame for the playout tick granularity plus a margin above the peak delay variation, so that small rises of the
    // peak do not make the buffer stretch.
    private double TargetUnits => Math.Clamp(_peak + _frameUnits + Margin, _minDelayUnits, _maxDelayUnits);

    private double Margin => _clockRate / 200.0;

    private JitterBufferResult TakeFrame(int slot, long timestamp, long nowMinusTransit, Span<byte> destination, out JitterFrame frame)
    {
        int length = _slotLength[slot];
        int duration = _frameUnits;
        int nextSlot = (int)((_nextSequence + 1) & _mask);
        if (_slotSequence[nextSlot] == _nextSequence + 1)
        {
            long gap = _slotTimestamp[nextSlot] - timestamp;
            if (gap > 0 && gap <= _frameUnits)
            {
                duration = (int)gap;
            }
        }

        frame = new JitterFrame((uint)timestamp, duration, Math.Min(length, destination.Length), _slotPayloadType[slot], _slotMarker[slot]);
        _payloads.AsSpan(slot * _slotSize, frame.Length).CopyTo(destination);
        ClearSlot(slot);
        _nextSequence++;
        _playoutTimestamp = timestamp + duration;
        _expectedTimestamp = _playoutTimestamp;
        _playedSinceSync = true;
        _lateUnits = 0;
        _lastDelayUnits = nowMinusTransit - timestamp;
        _played++;
        return JitterBufferResult.Frame;
    }

    /// <summary>
    /// Tracks the fastest transit and the largest delay above it, each over two rotating 10 s windows (so both follow
    /// clock drift and changing networks). The peak used for the target jumps up at once and decays slowly towards the
    /// windowed maximum once a larger delay has not been seen for 10–20 s.
    /// </summary>
    private void TrackTransit(long transit, long now)
    {
        if (now - _windowStart > _windowUnits)
        {
            _minTransitPrevious = _minTransitCurrent;
            _minTransitCurrent = transit;
            _maxRelativePrevious = _maxRelativeCurrent;
            _maxRelativeCurrent = 0;
            _windowStart = now;
        }
        else if (transit < _minTransitCurrent)
        {
            _minTransitCurrent = transit;
        }

        double relative = transit - Math.Min(_minTransitCurrent, _minTransitPrevious);
        _maxRelativeCurrent = Math.Max(_maxRelativeCurrent, relative);
        double windowMax = Math.Max(_maxRelativeCurrent, _maxRelativePrevious);
        _peak = windowMax > _peak ? windowMax : _peak - ((_peak - windowMax) * PeakDecay);
    }

    private void LearnFrameDuration(long sequence, long timestamp)
    {
        // Consecutive sequence numbers give the packet duration (ptime); stray values (DTX gaps) are ignored.
        if (sequence == _previousSequence + 1)
        {
            SetFrameDuration(timestamp - _previousTimestamp);
        }
        else if (sequence == _previousSequence - 1)
        {
            SetFrameDuration(_previousTimestamp - timestamp);
        }

        _previousSequence = sequence;
        _previousTimestamp = timestamp;
    }

    private void SetFrameDuration(long units)
    {
        if (units >= _clockRate * MinPlausibleFrameMs / 1000 && units <= _clockRate * MaxPlausibleFrameMs / 1000)
        {
            _frameUnits = (int)units;
        }
    }

    private void Resync(uint ssrc, ushort sequenceNumber, uint timestamp, long now)
    {
        if (_started)
        {
            _resyncs++;
        }

        Flush();
        _started = true;
        _lateUnits = 0;
        _ssrc = ssrc;
        _highestSequence = sequenceNumber + (1L << 20);
        _nextSequence = _highestSequence;
        _timestampReference = timestamp + (1L << 40);
        _playoutTimestamp = _timestampReference;
        _expectedTimestamp = _timestampReference;
        _minTransitCurrent = now - _timestampReference;
        _minTransitPrevious = _minTransitCurrent;
        _maxRelativeCurrent = 0;
        _maxRelativePrevious = 0;
        _windowStart = now;
    }

    /// <summary>
    /// Slots start small (<see cref="JitterBufferOptions.InitialSlotSize"/>, 256 by default: 20–30 ms of G.711 or G.722, or Opus up to ~100 kbit/s) and grow
    /// once, to the next power of two that holds the payload, when a larger one arrives (a longer ptime, a higher Opus
    /// rate): 64 slots of the largest payload were 96 KB per call, on the large object heap, for packets of 160 bytes.
    /// Growing allocates, on the reading thread; it happens at most a few times in a stream's life.
    /// </summary>
    private void GrowSlots(int needed)
    {
        int size = Math.Min(_maxPayloadSize, (int)BitOperations.RoundUpToPowerOf2((uint)needed));
        var grown = new byte[(_mask + 1) * size];
        for (int slot = 0; slot <= _mask; slot++)
        {
            if (_slotSequence[slot] >= 0)
            {
                _payloads.AsSpan(slot * _slotSize, _slotLength[slot]).CopyTo(grown.AsSpan(slot * size));
            }
        }

        _payloads = grown;
        _slotSize = size;
        _slotGrowths++;
    }

    private void Flush()
    {
        Array.Fill(_slotSequence, -1);
        _buffered = 0;
        _playedSinceSync = false;
    }

    private void DropOldest()
    {
        int slot = (int)(_nextSequence & _mask);
        if (_slotSequence[slot] == _nextSequence)
        {
            ClearSlot(slot);
            _overflow++;
        }

        _nextSequence++;
        _expectedTimestamp += _frameUnits;
        _playoutTimestamp = Math.Max(_playoutTimestamp, _expectedTimestamp);
    }

    private void SkipToFirstBuffered()
    {
        while (_slotSequence[(int)(_nextSequence & _mask)] != _nextSequence)
        {
            _nextSequence++;
        }
    }

    private long FirstBufferedAfterNext()
    {
        for (long s = _nextSequence + 1; s <= _highestSequence; s++)
        {
            if (_slotSequence[(int)(s & _mask)] == s)
            {
                return s;
            }
        }

        return -1;
    }

    private void ClearSlot(int slot)
    {
        _slotSequence[slot] = -1;
        _buffered--;
    }

    private long NowUnits() => (long)(_time.GetElapsedTime(_startTicks).Ticks * (double)_clockRate / TimeSpan.TicksPerSecond);

    private double ToUnits(TimeSpan time) => time.TotalSeconds * _clockRate;

    private TimeSpan ToTime(long units) => TimeSpan.FromTicks(units * TimeSpan.TicksPerSecond / _clockRate);
}
