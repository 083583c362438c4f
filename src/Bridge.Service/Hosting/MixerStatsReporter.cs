using Bridge.Calls;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// Logs the mixer's tick timing (duration and lateness percentiles, overruns) at a fixed interval and
/// once at stop, so an admin sees whether the machine keeps up with its rooms.
/// </summary>
internal sealed partial class MixerStatsReporter(CallManager calls, BridgeOptions options, TimeProvider time, ILogger<MixerStatsReporter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.MixerReportInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Report();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        Report();
    }

    private void Report()
    {
        var s = calls.MixerStats;
        LogStats(calls.ActiveCalls, s.Rooms, s.Threads, s.Ticks, s.Overruns, s.SkippedTicks,
            s.DurationP50Micros, s.DurationP99Micros, s.DurationMaxMicros, s.LatenessP50Micros, s.LatenessP99Micros, s.LatenessMaxMicros);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mixer: {Calls} calls, {Rooms} rooms on {Threads} threads; {Ticks} ticks, {Overruns} overruns, {Skipped} skipped; tick duration p50 {DurationP50}µs p99 {DurationP99}µs max {DurationMax}µs; lateness p50 {LatenessP50}µs p99 {LatenessP99}µs max {LatenessMax}µs")]
    private partial void LogStats(int calls, int rooms, int threads, long ticks, long overruns, long skipped,
        long durationP50, long durationP99, long durationMax, long latenessP50, long latenessP99, long latenessMax);
}
