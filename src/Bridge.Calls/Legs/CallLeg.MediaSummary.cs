using Microsoft.Extensions.Logging;

namespace Bridge.Calls.Legs;

/// <summary>
/// The leg's media figures at release (RFC 3550 §6.4 counters, SRTP packets refused by RFC 3711 §3.3 (authentication or replay), latch
/// drops and the jitter buffer's play-out): one line per call, so an admin can tell "the caller heard nothing" from "the
/// caller sent nothing" or "the caller's packets failed authentication" without a capture.
/// </summary>
internal sealed partial class CallLeg
{
    private void LogMediaSummary()
    {
        var rtp = _rtp.GetStatistics();
        var jitter = _rtp.JitterBuffer?.GetStatistics() ?? default;
        LogMedia(Id, rtp.PacketsReceived, rtp.PacketsLost, rtp.PacketsSent, jitter.Played, jitter.Concealed, jitter.Late + jitter.Overflow + jitter.Discarded,
            jitter.Resyncs, rtp.UnprotectFailures, rtp.ForeignPacketsDropped, rtp.Relatches, rtp.SsrcChanges, rtp.MalformedPackets, _rtp.SilentPacketsSkipped);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {CallId} media: received {Received} RTP packets ({Lost} lost), sent {Sent}; " +
        "played {Played} frames, concealed {Concealed}, dropped {Dropped} (late, overflow, discarded), resyncs {Resyncs}; " +
        "SRTP packets refused {Refused} (authentication or replay), foreign-source drops {Foreign}, relatches {Relatches}, SSRC changes {SsrcChanges}, malformed {Malformed}; silent packets not decoded {Silent}")]
    private partial void LogMedia(string callId, long received, long lost, long sent, long played, long concealed, long dropped, long resyncs,
        long refused, long foreign, long relatches, long ssrcChanges, long malformed, long silent);
}
