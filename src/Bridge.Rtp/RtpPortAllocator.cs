using System.Net.Sockets;

namespace Bridge.Rtp;

/// <summary>
/// Hands out RTP/RTCP port pairs (even RTP, odd RTCP; RFC 3550 §11) from a configured range. Thread-safe and O(1):
/// free pairs wait in a FIFO, so a released pair is reused as late as possible and stray packets of an old call
/// rarely reach a new one. Exhaustion returns false (the caller answers 503).
/// </summary>
public sealed class RtpPortAllocator
{
    private readonly Lock _lock = new();
    private readonly int[] _free;
    private readonly bool[] _inUse;
    private readonly int _firstPort;
    private int _head;
    private int _count;
    private (int Port, SocketError Error)? _lastBindFailure;

    /// <summary>Creates an allocator over [<paramref name="low"/>, <paramref name="high"/>]; pairs start at the first even port.</summary>
    public RtpPortAllocator(int low, int high)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(low, 1024);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(high, 65535);
        _firstPort = (low + 1) & ~1;
        int pairs = Math.Max(0, (high - _firstPort + 1) / 2);
        ArgumentOutOfRangeException.ThrowIfZero(pairs, nameof(high));
        _free = new int[pairs];
        _inUse = new bool[pairs];
        for (int i = 0; i < pairs; i++)
        {
            _free[i] = i;
        }

        _count = pairs;
    }

    /// <summary>
    /// Where sessions created over this allocator receive (issue 14): a <see cref="Receive.RtpReceiveEngine"/> with dedicated
    /// threads, or null for a socket loop per socket (the portable path). The owner disposes it after the sessions.
    /// </summary>
    public Receive.RtpReceiveEngine? ReceiveEngine { get; init; }

    /// <summary>Total number of pairs in the range.</summary>
    public int Capacity => _free.Length;

    /// <summary>Pairs currently free.</summary>
    public int Available
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Why a refusal happened when pairs were still free: the last port of the range that could not be bound and the
    /// socket error (another program holding ports of the range, or a media address not on this host), or null.
    /// </summary>
    public (int Port, SocketError Error)? LastBindFailure
    {
        get
        {
            lock (_lock)
            {
                return _lastBindFailure;
            }
        }
    }

    /// <summary>A session could not bind <paramref name="port"/> of a pair it took (<see cref="RtpSession.TryCreate"/>).</summary>
    public void NoteBindFailure(int port, SocketError error)
    {
        lock (_lock)
        {
            _lastBindFailure = (port, error);
        }
    }

    /// <summary>
    /// Why <see cref="RtpSession.TryCreate"/> just failed, for the log: every pair taken by calls, or ports that would not
    /// bind although the range has free pairs.
    /// </summary>
    public string DescribeRefusal()
    {
        lock (_lock)
        {
            return _count == 0 || _lastBindFailure is not { } failure
                ? FormattableString.Invariant($"all {_free.Length} port pairs of the RTP range are in use by calls")
                : FormattableString.Invariant($"ports of the RTP range would not bind ({_count} of {_free.Length} pairs free; the last, {failure.Port}: {failure.Error}; another program may hold ports of the range, or the media address is not this host's)");
        }
    }

    /// <summary>Takes the least recently used free pair; false when every pair is in use.</summary>
    public bool TryAllocate(out RtpPortPair pair)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                pair = default;
                return false;
            }

            int index = _free[_head];
            _head = (_head + 1) % _free.Length;
            _count--;
            _inUse[index] = true;
            pair = new RtpPortPair(_firstPort + (2 * index));
            return true;
        }
    }

    /// <summary>Returns a pair to the pool; releasing a pair that is not allocated is ignored (returns false).</summary>
    public bool Release(RtpPortPair pair)
    {
        int offset = pair.RtpPort - _firstPort;
        int index = offset / 2;
        if (offset < 0 || (offset & 1) != 0 || index >= _free.Length)
        {
            return false;
        }

        lock (_lock)
        {
            if (!_inUse[index])
            {
                return false;
            }

            _inUse[index] = false;
            _free[(_head + _count) % _free.Length] = index;
            _count++;
            return true;
        }
    }
}
