namespace Bridge.Rtp;

/// <summary>
/// Codec-level silence skipping for senders that give no RFC 6464 level (SIP Opus callers): a payload that
/// <see cref="SilentPayloadTest"/> says is silent is counted in <see cref="SilentPacketsSkipped"/> and not handed to the
/// jitter buffer once the sender has been silent for <see cref="SilenceHangover"/> of RTP time, so a talker's short pauses
/// and soft word endings are still decoded while a listener's silence costs no decoding at all. The first payload that is
/// not silent ends the run and is buffered at once; the jitter buffer takes it as the start of a talkspurt (RFC 3551 §4.1).
/// State is touched only by the receive thread (one consumer per session).
/// </summary>
public sealed partial class RtpSession
{
    private volatile SilentPayloadTest? _silentPayload;
    private bool _silentRun;
    private uint _silentRunSsrc;
    private uint _silentRunStart;
    private bool _silentRunPastHangover;
    private bool _pauseMarked;

    /// <summary>
    /// The codec's test for a payload without sound (null: none, the default). Set when the codec is negotiated or changed;
    /// it works alongside <see cref="AudioLevelExtensionId"/>: either one saying silence skips the packet.
    /// </summary>
    public SilentPayloadTest? SilentPayload
    {
        get => _silentPayload;
        set => _silentPayload = value;
    }

    /// <summary>
    /// How long a sender must stay silent (by its RTP timestamps) before its silent payloads are skipped (default 200 ms, as
    /// Opus' own DTX waits before it stops sending, RFC 7587 §3.1.3). Zero skips from the first silent payload.
    /// </summary>
    public TimeSpan SilenceHangover { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Whether this audio packet is skipped as silence: by its RFC 6464 level, or by the codec's test after the hangover.</summary>
    private bool SkipsAsSilent(in RtpPacket packet)
    {
        int levelId = AudioLevelExtensionId;
        bool skip = levelId > 0 && RtpAudioLevel.TryRead(packet, levelId, out int level, out _) && level >= SilenceLevel;
        skip = SilentByPayload(packet) || skip;
        if (!skip)
        {
            _pauseMarked = false;
            return false;
        }

        Interlocked.Increment(ref _silentSkipped);
        if (!_pauseMarked)
        {
            // The sender is in a pause from the buffer's view: it need not conceal the packets it will not get.
            _pauseMarked = true;
            JitterBuffer?.MarkPause();
        }

        return true;
    }

    private bool SilentByPayload(in RtpPacket packet)
    {
        SilentPayloadTest? test = _silentPayload;
        if (test is null)
        {
            return false;
        }

        if (!test(packet.Payload))
        {
            _silentRun = false;
            return false;
        }

        if (!_silentRun || packet.Ssrc != _silentRunSsrc)
        {
            _silentRun = true;
            _silentRunSsrc = packet.Ssrc;
            _silentRunStart = packet.Timestamp;
            _silentRunPastHangover = false;
        }

        if (_silentRunPastHangover)
        {
            return true; // decided once: the span below wraps after 2^31 units (12 h at 48 kHz)
        }

        // RTP time since the run began (RFC 3550 §5.1, modulo 2^32); a reordered earlier packet gives a negative span.
        int elapsed = unchecked((int)(packet.Timestamp - _silentRunStart));
        _silentRunPastHangover = elapsed >= (long)(SilenceHangover.TotalSeconds * _options.ClockRate);
        return _silentRunPastHangover;
    }
}
