using Bridge.Rtp;
using Microsoft.Extensions.Logging;

namespace Bridge.Calls;

/// <summary>
/// Logs media from strangers: RTP/RTCP that arrived at a call's port from a source that may not take over the call
/// (see <see cref="RtpSession.ForeignSourceDropped"/>, already rate-limited per call), as a <c>SECURITY</c> line.
/// </summary>
public sealed partial class CallManager
{
    private void WatchForeignMedia(string callId, RtpSession rtp)
    {
        rtp.ForeignSourceDropped += (_, e) =>
            LogForeignMedia(callId, e.Source.Address.ToString(), e.Source.Port, e.DroppedSinceLastReport, e.DroppedTotal);
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "SECURITY rtp-foreign-source source={SourceIp:l} port={Port} call={CallId:l} dropped={Dropped} total={Total}")]
    private partial void LogForeignMedia(string callId, string sourceIp, int port, long dropped, long total);
}
