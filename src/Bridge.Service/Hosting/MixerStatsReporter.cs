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
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var realtime = calls.RealtimeMixerThreads;
        var threads = calls.MixerStats.Threads;
        if (options.MixerRealtimePriority == 0)
        {
            LogNormalClass(threads);
        }
        else if (realtime == threads)
        {
            LogRealtime(threads, options.MixerRealtimePriority);
        }
        else
        {
            LogRealtimeRefused(threads - realtime, threads, options.MixerRealtimePriority);
        }

        return base.StartAsync(cancellationToken);
    }

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
            s.DurationP50Micros, s.DurationP99Micros, s.DurationMaxMicros, s.LatenessP50Micros, s.LatenessP99Micros, s.LatenessMaxMicros,
            s.SendCompletionP99Micros, s.SendsBehind, s.SendsDropped, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), (long)GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mixer threads: {Threads}, real-time class SCHED_RR priority {Priority}")]
    private partial void LogRealtime(int threads, int priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mixer threads: {Threads}, normal scheduling (Bridge:Media:RealtimePriority is 0)")]
    private partial void LogNormalClass(int threads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mixer threads: {Refused} of {Threads} could not enter the real-time class (SCHED_RR {Priority}): ticks may be late on a busy machine; allow it with LimitRTPRIO={Priority} (systemd) or CAP_SYS_NICE, or set Bridge:Media:RealtimePriority=0")]
    private partial void LogRealtimeRefused(int refused, int threads, int priority);

    [LoggerMessage(Level = LogLevel.Information, Message = "Mixer: {Calls} calls, {Rooms} rooms on {Threads} threads; {Ticks} ticks, {Overruns} overruns, {Skipped} skipped; tick duration p50 {DurationP50}µs p99 {DurationP99}µs max {DurationMax}µs; lateness p50 {LatenessP50}µs p99 {LatenessP99}µs max {LatenessMax}µs; send stage p99 {SentP99}µs after the deadline, {SendsBehind} ticks late, {SendsDropped} dropped; GC gen0 {Gen0} gen1 {Gen1} gen2 {Gen2}, paused {GcPauseMs} ms in all")]
    private partial void LogStats(int calls, int rooms, int threads, long ticks, long overruns, long skipped,
        long durationP50, long durationP99, long durationMax, long latenessP50, long latenessP99, long latenessMax,
        long sentP99, long sendsBehind, long sendsDropped, int gen0, int gen1, int gen2, long gcPauseMs);
}
