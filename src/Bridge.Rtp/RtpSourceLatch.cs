using System.Net;
using System.Net.Sockets;

namespace Bridge.Rtp;

/// <summary>
/// Decides which source address a session's RTP (or RTCP) is taken from and sent to: symmetric RTP (RFC 4961)
/// without the "RTP bleed" hole. A source is learnt only while the latch window is open (the first seconds after
/// <see cref="Open"/>: call start or a re-INVITE that moved the peer), or when it is the address signalled in SDP.
/// Once latched, another source takes over only when its packet continues the current stream: same SSRC, a sequence
/// number a little ahead and a timestamp no further ahead than the time since the last packet allows (RFC 3550 §A.1
/// probation, applied to a change of address). Anything else is dropped and counted; an off-path stranger cannot guess
/// a 32-bit SSRC and a matching sequence number, so a burst of packets no longer moves the call's media.
/// Thread-safe: packets arrive on the socket's receive loop, <see cref="Open"/> comes from signalling.
/// </summary>
internal sealed class RtpSourceLatch
{
    /// <summary>Sequence numbers a continuing packet may skip (lost packets) and still count as the same stream.</summary>
    internal const int MaxSequenceAdvance = 100;

    /// <summary>The highest RTP clock rate in use (Opus, 48 kHz): bounds a plausible timestamp advance for any codec.</summary>
    private const int MaxClockRate = 48_000;

    /// <summary>Slack on top of the elapsed time for a plausible timestamp advance (jitter, sender clock drift).</summary>
    private const int TimestampSlackSeconds = 2;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _maxClockRate;
    private SocketAddress? _signalled;
    private SocketAddress? _current;
    private long _windowStart;
    private bool _haveStream;
    private uint _ssrc;
    private ushort _sequence;
    private uint _timestamp;
    private long _lastTicks;

    public RtpSourceLatch(TimeProvider time, TimeSpan window, int clockRate)
    {
        _time = time;
        _window = window;
        _maxClockRate = Math.Max(clockRate, MaxClockRate);
        _windowStart = time.GetTimestamp();
    }

    /// <summary>The address packets are accepted from and sent to, once latched.</summary>
    public SocketAddress? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>True once a packet fixed the source.</summary>
    public bool IsLatched
    {
        get
        {
            lock (_lock)
            {
                return _current is not null;
            }
        }
    }

    /// <summary>Sets the address signalled in SDP (kept across latching: packets from it are always accepted first).</summary>
    public void Signal(SocketAddress? signalled)
    {
        lock (_lock)
        {
            _signalled = signalled;
        }
    }

    /// <summary>Forgets the latched source and opens a new learning window (the peer moved by re-INVITE).</summary>
    public void Open(SocketAddress? signalled)
    {
        lock (_lock)
        {
            _signalled = signalled;
            _current = null;
            _windowStart = _time.GetTimestamp();
        }
    }

    /// <summary>Opens the learning window now (the session starts receiving), keeping what is latched.</summary>
    public void RestartWindow()
    {
        lock (_lock)
        {
            _windowStart = _time.GetTimestamp();
        }
    }

    /// <summary>Offers one valid RTP packet from <paramref name="from"/>; says whether to take it and whether the source moved.</summary>
    public RtpLatchResult OfferRtp(SocketAddress from, uint ssrc, ushort sequence, uint timestamp)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            RtpLatchResult result;
            if (_current is not null && _current.Equals(from))
            {
                result = RtpLatchResult.Accepted;
            }
            else if (_current is null)
            {
                if (!InWindow(now) && !SameHost(from, _signalled))
                {
                    return RtpLatchResult.Dropped;
                }

                _current = Copy(from);
                result = RtpLatchResult.Latched;
            }
            else if ((InWindow(now) && _signalled is not null && _signalled.Equals(from)) || Continues(ssrc, sequence, timestamp, now))
            {
                // The signalled endpoint itself early in the call (a stranger raced the phone), or the same stream from a
                // new address (a NAT rebinding): move.
                _current = Copy(from);
                result = RtpLatchResult.Relatched;
            }
            else
            {
                return RtpLatchResult.Dropped;
            }

            _haveStream = true;
            _ssrc = ssrc;
            _sequence = sequence;
            _timestamp = timestamp;
            _lastTicks = now;
            return result;
        }
    }

    /// <summary>
    /// Offers one valid RTCP compound from <paramref name="from"/>. RTCP follows the RTP source: it latches inside the window,
    /// from the signalled host, or from the host RTP is latched to (<paramref name="rtpSource"/>); it moves only to that host.
    /// </summary>
    public RtpLatchResult OfferRtcp(SocketAddress from, SocketAddress? rtpSource)
    {
        lock (_lock)
        {
            if (_current is not null && _current.Equals(from))
            {
                return RtpLatchResult.Accepted;
            }

            bool fromRtpHost = rtpSource is not null && SameHost(from, rtpSource);
            if (_current is null)
            {
                if (!InWindow(_time.GetTimestamp()) && !SameHost(from, _signalled) && !fromRtpHost)
                {
                    return RtpLatchResult.Dropped;
                }

                _current = Copy(from);
                return RtpLatchResult.Latched;
            }

            if (!fromRtpHost)
            {
                return RtpLatchResult.Dropped;
            }

            _current = Copy(from);
            return RtpLatchResult.Relatched;
        }
    }

    /// <summary>True when both addresses are of the same family and host (ports may differ).</summary>
    internal static bool SameHost(SocketAddress a, SocketAddress? b)
    {
        if (b is null || a.Family != b.Family)
        {
            return false;
        }

        // sockaddr_in: port at 2, IPv4 address at 4; sockaddr_in6: port at 2, flow info at 4, address at 8 (all platforms).
        (int offset, int length) = a.Family == AddressFamily.InterNetworkV6 ? (8, 16) : (4, 4);
        if (a.Size < offset + length || b.Size < offset + length)
        {
            return false;
        }

        return a.Buffer.Span.Slice(offset, length).SequenceEqual(b.Buffer.Span.Slice(offset, length));
    }

    private static SocketAddress Copy(SocketAddress from)
    {
        var copy = new SocketAddress(from.Family, from.Size);
        from.Buffer.Span[..from.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    private bool InWindow(long now) => _time.GetElapsedTime(_windowStart, now) < _window;

    /// <summary>Same SSRC, sequence 1..<see cref="MaxSequenceAdvance"/> ahead, timestamp not behind and not further ahead than time allows.</summary>
    private bool Continues(uint ssrc, ushort sequence, uint timestamp, long now)
    {
        if (!_haveStream || ssrc != _ssrc)
        {
            return false;
        }

        int sequenceAdvance = (ushort)(sequence - _sequence);
        if (sequenceAdvance is < 1 or > MaxSequenceAdvance)
        {
            return false;
        }

        long timestampAdvance = (int)(timestamp - _timestamp);
        double elapsedSeconds = _time.GetElapsedTime(_lastTicks, now).TotalSeconds + TimestampSlackSeconds;
        return timestampAdvance >= 0 && timestampAdvance <= elapsedSeconds * _maxClockRate;
    }
}
