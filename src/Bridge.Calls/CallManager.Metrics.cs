using System.Collections.Concurrent;
using Bridge.Conferencing.Metrics;
using Bridge.Sip.Dialogs;

namespace Bridge.Calls;

/// <summary>
/// The calls' figures for /metrics: calls by transport and how they ended, active calls, RTP loss and jitter, SRTP/SRTCP
/// authentication failures, and the mixer's tick duration and lateness as histograms (cumulative buckets, so a scraper's
/// <c>rate()</c> over a window gives that window's distribution), overruns and skipped ticks. Read at scrape time from
/// counters the code keeps anyway; a leg's RTP figures are added to the totals when its session ends.
/// </summary>
public sealed partial class CallManager : IMetricsSource
{
    private static readonly long[] TickBoundsMicros = [100, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];
    private static readonly double[] TickBoundsSeconds = [.. TickBoundsMicros.Select(static m => m / 1e6)];
    private static readonly double[] JitterBoundsSeconds = [0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2];

    private readonly ConcurrentDictionary<(string Transport, string Result), long> _callsEnded = new();
    private long _endedPacketsLost;
    private long _endedPacketsExpected;
    private long _endedUnprotectFailures;

    /// <inheritdoc />
    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Family("bridge_calls_total", MetricType.Counter, "Calls that ended since start, by SIP transport and how they ended.");
        foreach (var ((transport, result), count) in _callsEnded.OrderBy(static e => e.Key))
        {
            writer.Sample(count, ("transport", transport), ("result", result));
        }

        long lost = Interlocked.Read(ref _endedPacketsLost);
        long expected = Interlocked.Read(ref _endedPacketsExpected);
        long unprotect = Interlocked.Read(ref _endedUnprotectFailures);
        Span<long> jitterCounts = stackalloc long[JitterBoundsSeconds.Length];
        double jitterSum = 0;
        double jitterMax = 0;
        int active = 0;
        foreach (var leg in _legs.Values)
        {
            var (legLost, legExpected, legUnprotect, jitter) = leg.ReadTransportFigures();
            lost += legLost;
            expected += legExpected;
            unprotect += legUnprotect;
            active++;
            jitterSum += jitter.TotalSeconds;
            jitterMax = Math.Max(jitterMax, jitter.TotalSeconds);
            for (int i = 0; i < JitterBoundsSeconds.Length; i++)
            {
                jitterCounts[i] += jitter.TotalSeconds <= JitterBoundsSeconds[i] ? 1 : 0;
            }
        }

        writer.Family("bridge_calls_active", MetricType.Gauge, "Calls up now (answered legs).").Sample(active);
        writer.Family("bridge_rtp_packets_expected_total", MetricType.Counter, "RTP packets the callers sent to the bridge (RFC 3550 A.3), live and ended calls.").Sample(expected);
        writer.Family("bridge_rtp_packets_lost_total", MetricType.Counter, "Of those, packets that never arrived.").Sample(lost);
        writer.Family("bridge_rtp_jitter_seconds", MetricType.Gauge, "Interarrival jitter (RFC 3550 A.8) of live calls: the worst one.")
            .Sample(jitterMax);
        writer.Family("bridge_rtp_call_jitter_seconds", MetricType.Histogram, "Live calls by their current interarrival jitter.")
            .Histogram(JitterBoundsSeconds, jitterCounts, active, jitterSum);
        writer.Family("bridge_srtp_auth_failures_total", MetricType.Counter, "SRTP/SRTCP packets that failed authentication or replay checks (RFC 3711).").Sample(unprotect);

        Span<long> duration = stackalloc long[TickBoundsMicros.Length];
        Span<long> lateness = stackalloc long[TickBoundsMicros.Length];
        var totals = _media.Engine.ReadTickHistograms(TickBoundsMicros, duration, lateness);
        var stats = _media.Engine.GetStats();
        writer.Family("bridge_mixer_tick_duration_seconds", MetricType.Histogram, "Time to mix all rooms of a mixer thread for one 20 ms tick.")
            .Histogram(TickBoundsSeconds, duration, totals.DurationCount, totals.DurationSumMicros / 1e6);
        writer.Family("bridge_mixer_tick_lateness_seconds", MetricType.Histogram, "How late after its 20 ms deadline a mixer tick started.")
            .Histogram(TickBoundsSeconds, lateness, totals.LatenessCount, totals.LatenessSumMicros / 1e6);
        Span<long> sent = stackalloc long[TickBoundsMicros.Length];
        var (sentCount, sentSumMicros) = _media.Engine.ReadSendHistogram(TickBoundsMicros, sent);
        writer.Family("bridge_mixer_send_completion_seconds", MetricType.Histogram, "How long after its 20 ms deadline a mixer tick's last payload was sent (the mixer thread's send stage).")
            .Histogram(TickBoundsSeconds, sent, sentCount, sentSumMicros / 1e6);
        writer.Family("bridge_mixer_sends_behind_total", MetricType.Counter, "Mixer ticks whose payloads were still being sent at the next tick's deadline.").Sample(stats.SendsBehind);
        writer.Family("bridge_mixer_send_dropped_total", MetricType.Counter, "Mixer ticks whose payloads were dropped because sending could not start within 100 ms of the deadline.").Sample(stats.SendsDropped);
        writer.Family("bridge_mixer_overruns_total", MetricType.Counter, "Mixer ticks that ended after the next tick's deadline.").Sample(stats.Overruns);
        writer.Family("bridge_mixer_skipped_ticks_total", MetricType.Counter, "Mixer deadlines abandoned after falling more than 5 ticks behind.").Sample(stats.SkippedTicks);
        writer.Family("bridge_mixer_room_errors_total", MetricType.Counter, "Exceptions caught in a room's tick.").Sample(stats.RoomErrors);
        writer.Family("bridge_mixer_threads", MetricType.Gauge, "Mixer threads.").Sample(stats.Threads);
    }

    /// <summary>Counts the call when its session ends (by transport and reason), and keeps its RTP figures in the totals.</summary>
    private void TrackCallMetrics(InviteSession session)
    {
        var transport = session.Remote.Transport.ToUpperInvariant();
        var startedAt = _time.GetUtcNow();
        EnsureQualitySampler();
        session.Terminated += (s, reason) =>
        {
            var result = ResultLabel(reason);
            _callsEnded.AddOrUpdate((transport, result), 1, static (_, n) => n + 1);
            _legs.TryGetValue(s.CallId, out var leg);
            RaiseCallEnded(s, leg, startedAt, transport, result);
            if (leg is not null)
            {
                var (legLost, legExpected, legUnprotect, _) = leg.ReadTransportFigures();
                Interlocked.Add(ref _endedPacketsLost, legLost);
                Interlocked.Add(ref _endedPacketsExpected, legExpected);
                Interlocked.Add(ref _endedUnprotectFailures, legUnprotect);
            }
        };
    }

    private static string ResultLabel(TerminationReason reason) => reason switch
    {
        TerminationReason.RemoteBye => "remote_bye",
        TerminationReason.LocalBye => "local_bye",
        TerminationReason.Cancelled => "cancelled",
        TerminationReason.AckTimeout => "ack_timeout",
        TerminationReason.TransportError => "transport_error",
        TerminationReason.Rejected => "rejected",
        TerminationReason.SessionExpired => "session_expired",
        _ => "other",
    };
}
