using Microsoft.Extensions.Logging;

namespace Bridge.Calls.WebRtc;

/// <summary>
/// The browser leg's audio figures at release, the same line a phone's leg logs (RFC 3550 §6.4 counters, the jitter
/// buffer's play-out, SRTP refusals): so an admin, and a test, can tell "the browser sent nothing steady" from "the room
/// did not get its audio".
/// </summary>
internal sealed partial class WebRtcLeg
{
    private void LogMediaSummary()
    {
        var rtp = _rtp.GetStatistics();
        var jitter = _rtp.JitterBuffer?.GetStatistics() ?? default;
        LogMedia(Id, rtp.PacketsReceived, rtp.PacketsLost, rtp.PacketsSent, jitter.Played, jitter.Concealed, jitter.Late + jitter.Overflow + jitter.Discarded,
            jitter.Resyncs, rtp.UnprotectFailures, _rtp.SilentPacketsSkipped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Browser {LegId} media: received {Received} RTP packets ({Lost} lost), sent {Sent}; " +
        "played {Played} frames, concealed {Concealed}, dropped {Dropped} (late, overflow, discarded), resyncs {Resyncs}; " +
        "SRTP packets refused {Refused}; silent packets not decoded {Silent}")]
    private partial void LogMedia(string legId, long received, long lost, long sent, long played, long concealed, long dropped, long resyncs,
        long refused, long silent);
}
