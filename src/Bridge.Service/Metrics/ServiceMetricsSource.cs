using Bridge.Conferencing.Metrics;
using Bridge.DialPlans;
using Bridge.Sip.Security;

namespace Bridge.Service.Metrics;

/// <summary>
/// The service's own figures for /metrics: the SIP request guard (flood bans, dropped requests, scanners) and dial plan
/// reloads that failed (the previous plan stayed active). The trunks' registrations report in <see cref="RegistrationMetricsSource"/>.
/// </summary>
internal sealed class ServiceMetricsSource : IMetricsSource, IDisposable
{
    private readonly Func<SipGuardStatistics?> _guard;
    private readonly DialPlanWatcher? _watcher;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _started;
    private long _reloadFailures;
    private long _reloads;

    /// <summary>Reads the guard through <paramref name="guard"/> (null before SIP started) and counts <paramref name="watcher"/>'s reloads; uptime counts from <paramref name="startedAt"/> (default: now).</summary>
    public ServiceMetricsSource(Func<SipGuardStatistics?> guard, DialPlanWatcher? watcher, TimeProvider time, DateTimeOffset? startedAt = null)
    {
        _guard = guard;
        _watcher = watcher;
        _time = time;
        _started = startedAt ?? time.GetUtcNow();
        if (watcher is not null)
        {
            watcher.ReloadFailed += OnReloadFailed;
            watcher.Reloaded += OnReloaded;
        }
    }

    /// <inheritdoc />
    public void Collect(MetricsWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var guard = _guard() ?? default;
        writer.Family("bridge_sip_flood_bans_total", MetricType.Counter, "Sources banned by the SIP request guard for flooding.").Sample(guard.Bans);
        writer.Family("bridge_sip_dropped_total", MetricType.Counter, "SIP requests dropped by the guard (flood, ban).").Sample(guard.Dropped);
        writer.Family("bridge_sip_scanner_dropped_total", MetricType.Counter, "SIP requests dropped as from a known scanner.").Sample(guard.ScannerDropped);
        writer.Family("bridge_sip_tracked_sources", MetricType.Gauge, "Source addresses the guard tracks now.").Sample(guard.TrackedSources);
        writer.Family("bridge_dialplan_reloads_total", MetricType.Counter, "Dial plan reloads that succeeded.").Sample(Interlocked.Read(ref _reloads));
        writer.Family("bridge_dialplan_reload_failures_total", MetricType.Counter, "Dial plan reloads that failed (the previous plan stayed).").Sample(Interlocked.Read(ref _reloadFailures));
        writer.Family("bridge_uptime_seconds", MetricType.Gauge, "Seconds since the service started.").Sample(Math.Round((_time.GetUtcNow() - _started).TotalSeconds));
    }

    public void Dispose()
    {
        if (_watcher is not null)
        {
            _watcher.ReloadFailed -= OnReloadFailed;
            _watcher.Reloaded -= OnReloaded;
        }
    }

    private void OnReloadFailed(object? sender, DialPlanReloadFailedEventArgs e) => Interlocked.Increment(ref _reloadFailures);

    private void OnReloaded(object? sender, DialPlanReloadedEventArgs e) => Interlocked.Increment(ref _reloads);
}
