using Bridge.Media.Mixing;
using Bridge.Service.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// Gives the garbage collector's threads (".NET Server GC", one per core, and ".NET BGC", made at the first background
/// collection) a larger share of a busy CPU: 15 nice steps below the process (<see cref="ThreadShare"/>), when the mixer runs
/// in the real-time class. A collection stops every managed thread, the mixers included, until it is done; on a saturated
/// machine the collector's threads waited behind everything else, and a join storm over 2,000 callers saw pauses of
/// 180–490 ms, each worth up to 25 lost ticks. With their share raised: 116–179 ms in all and no tick lost (issue 14). They
/// run only while collecting, so they take nothing from anyone otherwise. The threads are looked for at start and every
/// 10 s after (the background ones come later); each is raised once.
/// </summary>
internal sealed partial class GcThreadShare(BridgeOptions options, TimeProvider time, ILogger<GcThreadShare> logger) : BackgroundService
{
    private const int Steps = 15;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private bool _refusedLogged;

    /// <summary>Thread names of the collector (the runtime's own; at most 15 characters as the kernel keeps them).</summary>
    internal static bool IsCollectorThread(ReadOnlySpan<char> name) => name is ".NET Server GC" or ".NET BGC";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.MixerRealtimePriority == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        int processNice = ThreadShare.OwnNice();
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                Raise(processNice);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Raise(int processNice)
    {
        int nice = ThreadShare.Target(processNice, Steps);
        (int matching, int raised, int refused) = ThreadShare.RaiseByName(IsCollectorThread, processNice, Steps);
        if (raised > 0)
        {
            LogRaised(raised, matching, nice);
        }

        if (refused > 0 && !_refusedLogged)
        {
            _refusedLogged = true;
            LogRefused(refused, nice);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector: {Raised} of {Threads} threads raised to nice {Nice} (a collection pauses the mixers until it is done)")]
    private partial void LogRaised(int raised, int threads, int nice);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Garbage collector: could not raise its {Threads} threads to nice {Nice}: collections may pause the mixers longer on a busy machine; allow it with LimitNICE=-20 (systemd) or CAP_SYS_NICE")]
    private partial void LogRefused(int threads, int nice);
}
