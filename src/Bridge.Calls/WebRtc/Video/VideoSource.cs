namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// One video stream a browser sends (its camera or its screen, one SSRC): the packet cache for NACKs, the receivers'
/// slots it is forwarded to (an immutable array swapped by the <see cref="VideoRouter"/>, read by the owner's receive
/// loop without a lock), and the rate limit of keyframe requests (RFC 4585 §3.5.4: one PLI per
/// <see cref="KeyFrameInterval"/>, however many receivers ask).
/// </summary>
internal sealed class VideoSource
{
    /// <summary>Shortest time between two keyframe requests sent to the browser for this stream.</summary>
    public static readonly TimeSpan KeyFrameInterval = TimeSpan.FromMilliseconds(500);

    private readonly long _keyFrameTicks;
    private VideoSlot[] _routes = [];
    private long _lastKeyFrameRequest;
    private long _requestsSuppressed;
    private int _firSequence;

    public VideoSource(VideoPeer owner, VideoSourceKind kind, uint ssrc, VideoPayloadMap payloads, string mid, bool pli, bool fir, bool remb, long timestampFrequency)
    {
        Owner = owner;
        Kind = kind;
        Ssrc = ssrc;
        Payloads = payloads;
        Mid = mid;
        UsesPli = pli;
        UsesFir = fir;
        UsesRemb = remb;
        Cache = new VideoPacketCache(timestampFrequency);
        Report = new VideoReceiveReport(timestampFrequency);
        _keyFrameTicks = (long)(KeyFrameInterval.TotalSeconds * timestampFrequency);
        _lastKeyFrameRequest = long.MinValue / 2;
    }

    public VideoPeer Owner { get; }

    public VideoSourceKind Kind { get; }

    /// <summary>The browser's SSRC of this stream (from its offer's <c>a=ssrc</c>).</summary>
    public uint Ssrc { get; }

    public VideoPayloadMap Payloads { get; }

    public string Mid { get; }

    public bool UsesPli { get; }

    public bool UsesFir { get; }

    public bool UsesRemb { get; }

    public VideoPacketCache Cache { get; }

    /// <summary>The bridge's reception statistics of this stream, for its receiver reports (RFC 3550 §6.4.2).</summary>
    public VideoReceiveReport Report { get; }

    /// <summary>The slots this stream is forwarded to; replaced whole by the router.</summary>
    public VideoSlot[] Routes
    {
        get => Volatile.Read(ref _routes);
        set => Volatile.Write(ref _routes, value);
    }

    /// <summary>Keyframe requests not passed on because one was sent less than <see cref="KeyFrameInterval"/> before.</summary>
    public long RequestsSuppressed => Interlocked.Read(ref _requestsSuppressed);

    /// <summary>Any thread: true when a keyframe request may go to the sender now (and takes the slot).</summary>
    public bool TryTakeKeyFrameRequest(long now)
    {
        long last = Volatile.Read(ref _lastKeyFrameRequest);
        if (now - last < _keyFrameTicks || Interlocked.CompareExchange(ref _lastKeyFrameRequest, now, last) != last)
        {
            Interlocked.Increment(ref _requestsSuppressed);
            return false;
        }

        return true;
    }

    /// <summary>The next FIR command sequence number (RFC 5104 §4.3.1.1).</summary>
    public byte NextFirSequence() => (byte)Interlocked.Increment(ref _firSequence);
}
