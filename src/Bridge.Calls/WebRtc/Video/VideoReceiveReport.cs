using Bridge.Rtp;

namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// The bridge as a receiver of one browser's video SSRC (RFC 3550 §6.4.2): sequence, loss and interarrival jitter
/// (<see cref="RtpReceiverStatistics"/>, A.1, A.3, A.8) in the video clock (<see cref="ClockRate"/>, RFC 7741 §4.1 and
/// RFC 6184 §8.2.1), and the last sender report's time for LSR/DLSR. The jitter is updated once per frame, by the first
/// packet in order with a new timestamp: the packets of one frame share its timestamp and leave the sender back to back,
/// so counting each would measure the sender's pacing, not the network (libwebrtc does the same). Written on the
/// sender's receive loop, read by its housekeeping timer: one short lock, never held across I/O, no allocation.
/// </summary>
internal sealed class VideoReceiveReport(long timestampFrequency)
{
    /// <summary>RTP clock rate of VP8 and H.264 video.</summary>
    public const int ClockRate = 90_000;

    private readonly Lock _lock = new();
    private readonly RtpReceiverStatistics _statistics = new();
    private uint _lastTimestamp;
    private bool _haveTimestamp;
    private uint _lastSenderReport;
    private long _lastSenderReportAt;

    /// <summary>The receive loop: one accepted packet of this stream, arrived at <paramref name="now"/> (TimeProvider timestamp).</summary>
    public void OnPacket(ushort sequence, uint timestamp, long now)
    {
        lock (_lock)
        {
            uint highest = _statistics.ExtendedHighestSequence;
            bool started = _statistics.IsStarted;
            if (!_statistics.UpdateSequence(sequence))
            {
                return;
            }

            bool inOrder = !started || _statistics.ExtendedHighestSequence != highest;
            if (inOrder && (!_haveTimestamp || timestamp != _lastTimestamp))
            {
                _statistics.UpdateJitter(timestamp, ToClockUnits(now));
                _lastTimestamp = timestamp;
                _haveTimestamp = true;
            }
        }
    }

    /// <summary>The receive loop: a sender report for this SSRC (its NTP time's middle 32 bits), arrived at <paramref name="now"/>.</summary>
    public void OnSenderReport(uint compactNtp, long now)
    {
        lock (_lock)
        {
            _lastSenderReport = compactNtp;
            _lastSenderReportAt = now;
        }
    }

    /// <summary>A report block for <paramref name="ssrc"/> (advancing the fraction-lost interval); false before any packet.</summary>
    public bool TryCreateBlock(uint ssrc, long now, out RtcpReportBlock block)
    {
        lock (_lock)
        {
            if (!_statistics.IsStarted)
            {
                block = default;
                return false;
            }

            uint delay = _lastSenderReport == 0 ? 0 : NtpTime.ToCompactDuration(TimeSpan.FromSeconds((now - _lastSenderReportAt) / (double)timestampFrequency));
            block = _statistics.CreateReportBlock(ssrc, _lastSenderReport, delay);
            return true;
        }
    }

    /// <summary>A TimeProvider timestamp in 90 kHz units (wrapping, as RTP timestamps do), without overflowing on the way.</summary>
    private uint ToClockUnits(long now) =>
        unchecked((uint)((now / timestampFrequency * ClockRate) + (now % timestampFrequency * ClockRate / timestampFrequency)));
}
