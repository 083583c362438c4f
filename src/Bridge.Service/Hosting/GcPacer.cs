using Bridge.Service.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bridge.Service.Hosting;

/// <summary>
/// Keeps the collector's generation 1 small (<c>Bridge:Media:Gen1LimitMiB</c>, default 12), so that no collection pauses
/// the mixers for a whole tick. Most of what a call's set-up allocates lives as long as the call: it survives gen0 into
/// gen1, and the runtime, seeing gen1 survive, lets it grow before collecting it. In a join storm over 2,000 callers gen1
/// reached 30-70 MB, and collecting it (copying all of it into gen2) paused every managed thread 18-28 ms on two busy
/// cores: a mixer tick overran. A dedicated thread looks after each gen0 collection and collects gen1 itself once it
/// holds the limit, which costs about what the runtime's own collection of that gen1 would have, in pauses under half a
/// tick. A quiet bridge's gen1 grows slowly and is rarely collected this way, and the thread looks once a second after a
/// second without a young collection; 0 turns it off.
/// </summary>
internal sealed partial class GcPacer(BridgeOptions options, ILogger<GcPacer> logger) : IHostedService, IDisposable
{
    // It looks every 50 ms, and once a second after a second without a young collection (an idle bridge).
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan QuietInterval = TimeSpan.FromSeconds(1);
    private readonly ManualResetEventSlim _stop = new();
    private Thread? _thread;
    private long _collections;

    /// <summary>Gen1 collections this pacer started.</summary>
    internal long Collections => Interlocked.Read(ref _collections);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Gen1LimitMiB > 0)
        {
            _thread = new Thread(Run) { IsBackground = true, Name = "gc-pacer" };
            _thread.Start();
            LogStarted(options.Gen1LimitMiB);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stop.Set();
        _thread?.Join();
        return Task.CompletedTask;
    }

    public void Dispose() => _stop.Dispose();

    /// <summary>Whether gen1, at <paramref name="gen1Bytes"/> after the last young collection, is due to be collected.</summary>
    internal static bool IsDue(long gen1Bytes, int limitMiB) => limitMiB > 0 && gen1Bytes >= (long)limitMiB * 1024 * 1024;

    private void Run()
    {
        int seen = GC.CollectionCount(0);
        int quietLooks = 0;
        while (!_stop.Wait(quietLooks >= QuietInterval / Interval ? QuietInterval : Interval))
        {
            int young = GC.CollectionCount(0);
            if (young == seen)
            {
                quietLooks++; // gen1 grows only when gen0 is collected
                continue;
            }

            seen = young;
            quietLooks = 0;
            GCMemoryInfo last = GC.GetGCMemoryInfo(GCKind.Ephemeral);
            if (last.Index == 0 || last.Generation > 1 || !IsDue(last.GenerationInfo[1].SizeAfterBytes, options.Gen1LimitMiB))
            {
                continue;
            }

            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            Interlocked.Increment(ref _collections);
            seen = GC.CollectionCount(0);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector: generation 1 is collected once it holds {LimitMiB} MiB (keeps each pause of the mixers short; Bridge:Media:Gen1LimitMiB)")]
    private partial void LogStarted(int limitMiB);
}
