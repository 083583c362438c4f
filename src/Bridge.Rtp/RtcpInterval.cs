namespace Bridge.Rtp;

/// <summary>The randomised RTCP transmission interval of RFC 3550 §6.3.1 and A.7.</summary>
public static class RtcpInterval
{
    /// <summary>The minimum interval (§6.2), halved for the first report.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    private const double SenderBandwidthFraction = 0.25;
    private const double ReceiverBandwidthFraction = 1 - SenderBandwidthFraction;

    // e - 3/2: compensates the "timer reconsideration" bias so the mean interval is the computed one (A.7).
    private const double Compensation = 2.71828 - 1.5;

    /// <summary>
    /// Computes the next interval (A.7 rtcp_interval): the deterministic part from members, senders, the RTCP bandwidth
    /// (bytes per second, normally 5 % of the session bandwidth) and the average compound size, at least 5 s (2.5 s for
    /// the first report), then multiplied by a uniform random factor in [0.5, 1.5) and divided by e − 3/2.
    /// </summary>
    public static TimeSpan Compute(int members, int senders, double rtcpBandwidth, bool weSent, double averageRtcpSize, bool initial, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double minimum = initial ? MinimumInterval.TotalSeconds / 2 : MinimumInterval.TotalSeconds;
        double n = Math.Max(1, members);
        double bandwidth = Math.Max(1, rtcpBandwidth);
        if (senders <= members * SenderBandwidthFraction)
        {
            if (weSent)
            {
                bandwidth *= SenderBandwidthFraction;
                n = Math.Max(1, senders);
            }
            else
            {
                bandwidth *= ReceiverBandwidthFraction;
                n = Math.Max(1, members - senders);
            }
        }

        double t = Math.Max(minimum, averageRtcpSize * n / bandwidth);
        t *= random.NextDouble() + 0.5;
        t /= Compensation;
        return TimeSpan.FromSeconds(t);
    }
}
