using System.Buffers.Binary;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp.WebRtc;

namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// The video of one browser leg for the forwarding unit (an SFU, RFC 7667 §3.7; video is never decoded and never goes to
/// the mixer): the streams it sends (<see cref="VideoSource"/>: camera, screen) and the slots it receives
/// (<see cref="VideoSlot"/>). Runs on the leg's receive loop: a received packet (already SRTP-checked once by the leg) is
/// validated, normalized into its source's cache, then rewritten and protected for each receiver and sent from the
/// receiver's port. Its own SRTP send context (same DTLS keys as the audio's, disjoint SSRCs, RFC 3711 §9.1) is used
/// under <see cref="SendLock"/>, held for the rewrite and the protection only, never across the send.
/// </summary>
internal sealed partial class VideoPeer
{
    /// <summary>Largest header extension block accepted (RFC 8285 allows far more; browsers send well under this).</summary>
    public const int MaxExtensionLength = 256;

    private const int ScratchLength = VideoPacketCache.EntrySize + 64;

    private readonly TimeProvider _time;
    private readonly VideoDatagramSender _send;
    private readonly byte[] _receiveScratch = new byte[ScratchLength];
    private readonly byte[] _retransmitScratch = new byte[ScratchLength];
    private readonly byte[] _timerScratch = new byte[RtcpFeedback.MaxReportLength + 64];
    private SrtpSession? _srtp;
    private long _rembBitsPerSecond;
    private long _received;
    private long _forwarded;
    private long _retransmitted;
    private long _keyFrameRequestsSent;
    private long _unknownSsrc;
    private long _badPayloadType;
    private long _badExtension;
    private long _oversized;
    private long _feedbackUnknown;
    private long _codecMismatch;
    private volatile bool _screenSharing;

    public VideoPeer(string id, IReadOnlyList<WebRtcNegotiatedVideo> video, uint feedbackSsrc, VideoDatagramSender send, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(video);
        Id = id;
        FeedbackSsrc = feedbackSsrc;
        _send = send;
        _time = time;
        long now = time.GetTimestamp();
        var slots = new List<VideoSlot>();
        var random = Random.Shared;
        foreach (var line in video)
        {
            var payloads = new VideoPayloadMap(line.Payloads);
            if (line.Role == WebRtcVideoRole.Send && line.LocalSsrc is uint local)
            {
                slots.Add(new VideoSlot(this, line.Mid, local, payloads, time.TimestampFrequency, (ushort)random.Next(0, 65536), (uint)random.NextInt64(0, uint.MaxValue), now));
            }
            else if (line.Role == WebRtcVideoRole.Receive && line.RemoteSsrc is uint remote)
            {
                if (Camera is null)
                {
                    Camera = new VideoSource(this, VideoSourceKind.Camera, remote, payloads, line.Mid, line.Pli, line.Fir, line.Remb, time.TimestampFrequency);
                }
                else if (Screen is null)
                {
                    Screen = new VideoSource(this, VideoSourceKind.Screen, remote, payloads, line.Mid, line.Pli, line.Fir, line.Remb, time.TimestampFrequency);
                }
            }
        }

        Slots = [.. slots];
    }

    /// <summary>The leg's id (the roster's participant id).</summary>
    public string Id { get; }

    /// <summary>Our SSRC in the feedback we send to this browser (distinct from the audio's and the slots').</summary>
    public uint FeedbackSsrc { get; }

    /// <summary>The camera stream, or null when the browser offered none (or without <c>a=ssrc</c>).</summary>
    public VideoSource? Camera { get; }

    /// <summary>The screen stream, or null.</summary>
    public VideoSource? Screen { get; }

    /// <summary>The forwarded videos this browser receives.</summary>
    public IReadOnlyList<VideoSlot> Slots { get; }

    /// <summary>Guards the video SRTP send context and the slots' rewrite state.</summary>
    public Lock SendLock { get; } = new();

    /// <summary>The room the router has this peer in, or null (set by the router only).</summary>
    public string? Room { get; set; }

    /// <summary>Raised (on the router's caller's thread) when what the slots show changed.</summary>
    public event EventHandler? SlotsChanged;

    /// <summary>The page says its screen is being shared (only then is the screen stream given slots).</summary>
    public bool ScreenSharing
    {
        get => _screenSharing;
        set => _screenSharing = value;
    }

    /// <summary>The latest REMB this browser sent about what it receives, in bit/s (0: none yet).</summary>
    public long ReceiverEstimate => Interlocked.Read(ref _rembBitsPerSecond);

    /// <summary>True once DTLS gave keys (nothing is sent before).</summary>
    public bool HasKeys => Volatile.Read(ref _srtp) is not null;

    public VideoCounters Counters => new(
        Interlocked.Read(ref _received),
        Interlocked.Read(ref _forwarded),
        Interlocked.Read(ref _retransmitted),
        Interlocked.Read(ref _keyFrameRequestsSent),
        (Camera?.RequestsSuppressed ?? 0) + (Screen?.RequestsSuppressed ?? 0),
        Interlocked.Read(ref _unknownSsrc),
        Interlocked.Read(ref _badPayloadType),
        Interlocked.Read(ref _badExtension),
        Interlocked.Read(ref _oversized),
        Interlocked.Read(ref _feedbackUnknown),
        Interlocked.Read(ref _codecMismatch));

    /// <summary>Takes the video send context made from the DTLS keys (once); a second one is disposed.</summary>
    public void InstallKeys(SrtpSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (Interlocked.CompareExchange(ref _srtp, session, null) is not null)
        {
            session.Dispose();
        }
    }

    /// <summary>After the leg left the router and its receive loop stopped: frees the send context.</summary>
    public void Close()
    {
        SrtpSession? session;
        lock (SendLock)
        {
            session = Interlocked.Exchange(ref _srtp, null);
        }

        session?.Dispose();
    }

    internal void RaiseSlotsChanged() => SlotsChanged?.Invoke(this, EventArgs.Empty);

    /// <summary>
    /// The leg's receive loop: one received, already unprotected RTP packet that is not audio. Unknown SSRCs, payload types
    /// that are not this browser's video, malformed or oversized header extensions and oversized packets are dropped and
    /// counted; the rest is kept for NACKs and forwarded to every slot it is routed to.
    /// </summary>
    public void OnRtp(in RtpPacket packet)
    {
        VideoSource? source = Camera is { } camera && camera.Ssrc == packet.Ssrc ? camera
            : Screen is { } screen && screen.Ssrc == packet.Ssrc ? screen
            : null;
        if (source is null)
        {
            Interlocked.Increment(ref _unknownSsrc);
            return;
        }

        if (source.Payloads.CodecOf(packet.PayloadType) == VideoCodec.None)
        {
            Interlocked.Increment(ref _badPayloadType);
            return;
        }

        if (packet.HasExtension && !IsValidExtension(packet.ExtensionProfile, packet.ExtensionData))
        {
            Interlocked.Increment(ref _badExtension);
            return;
        }

        ReadOnlySpan<byte> data = packet.Data;
        int body = data.Length - packet.HeaderLength; // payload and padding
        if (RtpPacket.FixedHeaderLength + body > VideoPacketCache.EntrySize)
        {
            Interlocked.Increment(ref _oversized);
            return;
        }

        Interlocked.Increment(ref _received);
        long now = _time.GetTimestamp();
        ushort sequence = packet.SequenceNumber;
        source.Report.OnPacket(sequence, packet.Timestamp, now);
        Span<byte> entry = source.Cache.Begin(sequence);
        data[..RtpPacket.FixedHeaderLength].CopyTo(entry);
        entry[0] = (byte)(0x80 | (data[0] & 0x20)); // no extension, no CSRC
        data[packet.HeaderLength..].CopyTo(entry[RtpPacket.FixedHeaderLength..]);
        ReadOnlySpan<byte> normalized = source.Cache.Commit(sequence, RtpPacket.FixedHeaderLength + body, now);
        foreach (VideoSlot slot in source.Routes)
        {
            slot.Owner.Forward(slot, source, normalized, _receiveScratch, now, retransmission: false);
        }
    }

    /// <summary>
    /// Any sender's thread (with that thread's scratch buffer): rewrites and protects one packet for <paramref name="slot"/>
    /// of this browser and sends it. Nothing goes before keys, or when the slot holds another source by now.
    /// </summary>
    public bool Forward(VideoSlot slot, VideoSource source, ReadOnlySpan<byte> packet, Span<byte> scratch, long now, bool retransmission)
    {
        int rewritten;
        int length = -1;
        lock (SendLock)
        {
            if (_srtp is not { } srtp || !ReferenceEquals(slot.Assigned, source))
            {
                return false;
            }

            rewritten = slot.Rewrite(source, packet, scratch, now, retransmission);
            if (rewritten > 0)
            {
                length = srtp.ProtectRtp(scratch, rewritten);
            }
        }

        if (rewritten == VideoSlot.WaitingForKeyFrame)
        {
            // Held back until the new source's keyframe: keep asking for it (rate-limited per source).
            RequestKeyFrame(source, scratch, now);
            return false;
        }

        if (rewritten < 0 && !retransmission)
        {
            Interlocked.Increment(ref _codecMismatch);
            return false;
        }

        if (length <= 0 || !_send(scratch[..length]))
        {
            return false;
        }

        Interlocked.Increment(ref retransmission ? ref _retransmitted : ref _forwarded);
        return true;
    }

    /// <summary>RFC 8285 §4.2 (one-byte) and §4.3 (two-byte) elements must fit the block; other profiles are opaque.</summary>
    internal static bool IsValidExtension(ushort profile, ReadOnlySpan<byte> block)
    {
        if (block.Length > MaxExtensionLength)
        {
            return false;
        }

        if (profile == 0xBEDE)
        {
            for (int i = 0; i < block.Length;)
            {
                byte b = block[i];
                if (b == 0)
                {
                    i++;
                    continue;
                }

                if (b >> 4 == 15)
                {
                    return true; // id 15: stop reading (§4.2)
                }

                i += 1 + (b & 0x0F) + 1;
                if (i > block.Length)
                {
                    return false;
                }
            }

            return true;
        }

        if ((profile & 0xFFF0) == 0x1000)
        {
            for (int i = 0; i < block.Length;)
            {
                if (block[i] == 0)
                {
                    i++;
                    continue;
                }

                if (i + 1 >= block.Length)
                {
                    return false;
                }

                i += 2 + block[i + 1];
                if (i > block.Length)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Sends an RTCP compound from <paramref name="scratch"/>[..<paramref name="length"/>] to this browser, protected under the lock.</summary>
    internal bool SendRtcp(Span<byte> scratch, int length)
    {
        lock (SendLock)
        {
            if (_srtp is not { } srtp)
            {
                return false;
            }

            length = srtp.ProtectRtcp(scratch, length);
        }

        return length > 0 && _send(scratch[..length]);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
}
