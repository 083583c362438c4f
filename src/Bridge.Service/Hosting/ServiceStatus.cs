using Bridge.Calls;
using Bridge.Conferencing.Admin;
using Bridge.DialPlans;

namespace Bridge.Service.Hosting;

/// <summary>The service's <see cref="IServiceStatus"/>: mixer figures from the call manager, reloads seen on the dial plan watcher.</summary>
internal sealed class ServiceStatus : IServiceStatus, IDisposable
{
    private readonly CallManager _calls;
    private readonly DialPlanWatcher _watcher;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private DateTimeOffset? _lastReloadAt;
    private IReadOnlyList<string>? _lastErrors;

    public ServiceStatus(CallManager calls, DialPlanWatcher watcher, TimeProvider time, DateTimeOffset startedAt)
    {
        StartedAt = startedAt;
        _calls = calls;
        _watcher = watcher;
        _time = time;
        watcher.Reloaded += OnReloaded;
        watcher.ReloadFailed += OnReloadFailed;
    }

    public DateTimeOffset StartedAt { get; }

    public MixerHealth GetMixerHealth()
    {
        var s = _calls.MixerStats;
        return new MixerHealth(s.Threads, _calls.RealtimeMixerThreads, s.Ticks, s.Overruns, s.SkippedTicks, s.DurationP99Micros, s.LatenessP99Micros, s.RoomErrors,
            s.SendCompletionP99Micros, s.SendsBehind, s.SendsDropped);
    }

    public DialPlanStatus GetDialPlanStatus()
    {
        var plan = _watcher.Current;
        lock (_lock)
        {
            return new DialPlanStatus(plan.Files, plan.Rooms.Count, plan.RouteCount, _lastReloadAt, _lastErrors is not null, _lastErrors ?? []);
        }
    }

    public void Dispose()
    {
        _watcher.Reloaded -= OnReloaded;
        _watcher.ReloadFailed -= OnReloadFailed;
    }

    private void OnReloaded(object? sender, DialPlanReloadedEventArgs e)
    {
        lock (_lock)
        {
            _lastReloadAt = _time.GetUtcNow();
            _lastErrors = null;
        }
    }

    private void OnReloadFailed(object? sender, DialPlanReloadFailedEventArgs e)
    {
        var places = e.Errors.Select(static error => $"{error.File}:{error.Line}:{error.Column}").ToArray();
        lock (_lock)
        {
            _lastReloadAt = _time.GetUtcNow();
            _lastErrors = places;
        }
    }
}
