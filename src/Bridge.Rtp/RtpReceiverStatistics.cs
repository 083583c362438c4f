namespace Bridge.Rtp;

/// <summary>
/// Reception statistics for one source: sequence validation and extended highest sequence with cycles (RFC 3550 A.1),
/// loss for reception reports (A.3) and interarrival jitter (A.8). Not thread-safe: the receiving thread owns it.
/// </summary>
public sealed class RtpReceiverStatistics
{
    private const int SequenceModulo = 1 << 16;
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;

    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private int _probation;
    private uint _transit;
    private bool _haveTransit;
    private uint _jitter;
    private bool _started;

    /// <summary>True once a first packet has initialised the source.</summary>
    public bool IsStarted => _started;

    /// <summary>Packets accepted (including duplicates, as A.3 counts them).</summary>
    public uint Received => _received;

    /// <summary>The extended highest sequence number received: cycles in the high 16 bits (A.1).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSequence;

    /// <summary>Packets expected from the first to the highest sequence number (A.3).</summary>
    public uint Expected => _started ? ExtendedHighestSequence - _baseSequence + 1 : 0;

    /// <summary>Cumulative packets lost (A.3), clamped to the signed 24-bit range of a report block.</summary>
    public int CumulativeLost => (int)Math.Clamp((long)Expected - _received, -0x800000, 0x7FFFFF);

    /// <summary>Interarrival jitter estimate in timestamp units (A.8).</summary>
    public uint Jitter => _jitter >> 4;

    /// <summary>Forgets the source (new SSRC); the next packet starts it again, after <paramref name="probation"/> sequential packets.</summary>
    public void Reset(int probation = 0)
    {
        _started = false;
        _probation = probation;
        _haveTransit = false;
        _jitter = 0;
        _received = 0;
        _cycles = 0;
    }

    /// <summary>
    /// Updates the sequence state with a received packet (A.1). Returns false while the source is on probation or when the
    /// packet is a large jump not yet confirmed by a second sequential packet; such packets should not be played.
    /// </summary>
    public bool UpdateSequence(ushort sequence)
    {
        if (!_started)
        {
            _started = true;
            if (_probation <= 0)
            {
                Init(sequence);
                _received++;
                return true;
            }

            // A.1: a new source is on probation until MIN_SEQUENTIAL packets arrive in sequence.
            _maxSequence = unchecked((ushort)(sequence - 1));
            _badSequence = SequenceModulo + 1;
        }

        ushort delta = unchecked((ushort)(sequence - _maxSequence));
        if (_probation > 0)
        {
            if (sequence == unchecked((ushort)(_maxSequence + 1)))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    Init(sequence);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = 1;
                _maxSequence = sequence;
            }

            return false;
        }

        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            if (sequence == _badSequence)
            {
                // Two sequential packets after a big jump: the sender restarted its sequence (A.1).
                Init(sequence);
            }
            else
            {
                _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
                return false;
            }
        }

        _received++;
        return true;
    }

    /// <summary>Updates the interarrival jitter (A.8) with a packet's RTP timestamp and its arrival time in the same units.</summary>
    public void UpdateJitter(uint rtpTimestamp, uint arrivalUnits)
    {
        uint transit = unchecked(arrivalUnits - rtpTimestamp);
        if (_haveTransit)
        {
            int d = unchecked((int)(transit - _transit));
            uint abs = (uint)Math.Abs((long)d);
            _jitter = unchecked(_jitter + abs - ((_jitter + 8) >> 4));
        }

        _transit = transit;
        _haveTransit = true;
    }

    /// <summary>Builds a report block for <paramref name="ssrc"/> (A.3), advancing the interval used for the fraction lost.</summary>
    public RtcpReportBlock CreateReportBlock(uint ssrc, uint lastSenderReport, uint delaySinceLastSenderReport)
    {
        uint expected = Expected;
        uint expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        uint receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        long lostInterval = (long)expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return new RtcpReportBlock(ssrc, fraction, CumulativeLost, ExtendedHighestSequence, Jitter, lastSenderReport, delaySinceLastSenderReport);
    }

    private void Init(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }
}
