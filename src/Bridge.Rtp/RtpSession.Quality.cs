using Bridge.Rtp.Quality;

namespace Bridge.Rtp;

/// <summary>Quality figures of <see cref="RtpSession"/>: our interval loss as reported, the peer's reports and RFC 3611 XR.</summary>
public sealed partial class RtpSession
{
    private int _localFractionLost = -1;
    private bool _haveRemoteReport;
    private RtcpVoipMetrics? _remoteVoipMetrics;

    /// <summary>Reads the figures the call-quality estimate needs (RFC 3550 §6.4, A.3, A.8; RFC 3611 §4.7).</summary>
    public RtpQualitySample GetQualitySample()
    {
        lock (_statsLock)
        {
            bool started = _receiveStatistics.IsStarted;
            return new RtpQualitySample(
                started ? _receiveStatistics.Expected : 0,
                started ? Math.Max(0, _receiveStatistics.CumulativeLost) : 0,
                _localFractionLost < 0 ? null : _localFractionLost / 256.0,
                UnitsToTime(_receiveStatistics.Jitter),
                _haveRemoteReport ? _remoteFractionLost / 256.0 : null,
                _haveRemoteReport ? UnitsToTime(_remoteJitter) : null,
                _roundTripTicks < 0 ? null : TimeSpan.FromTicks(_roundTripTicks),
                _remoteVoipMetrics);
        }
    }

    /// <summary>Under _statsLock: an XR packet from the peer (RFC 3611); keeps its VoIP Metrics about our stream.</summary>
    private void ReadExtendedReport(in RtcpPacket packet)
    {
        if (RtcpExtendedReport.TryGetVoipMetrics(packet, Ssrc, out RtcpVoipMetrics metrics))
        {
            _remoteVoipMetrics = metrics;
        }
    }
}
