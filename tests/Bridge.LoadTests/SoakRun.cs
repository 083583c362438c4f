using System.Diagnostics;
using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// Issue 14, goal 5: memory per participant and its steadiness. The bridge's resident memory is read once before anyone
/// joins, then <c>count</c> plain-RTP PCMU participants (3 talkers) stay in one room for <c>duration</c>; every minute
/// the bridge's RSS, its managed heap after the last garbage collection and the collections so far (from its /metrics),
/// its CPU over that minute, the audio the participants received and whether they heard every talker are printed.
/// Growth: the last minute's RSS and heap after collection against the first's (RSS also grows while the heap only fills
/// between collections; the heap after a collection grows only with what stays alive). Each minute's RSS is also split by
/// kind (<see cref="MemoryMap"/>: malloc, JIT code, thread stacks, mapped files, other anonymous memory, which holds the
/// collector's regions), and the methods the JIT compiled in that minute (tiered compilation recompiles code that runs
/// once a minute half an hour in), so that a step in the RSS column can be placed. Per participant is the marginal figure: RSS with
/// all joined − RSS with half of them, divided by the second half's size. Figures of memory do not need a quiet machine;
/// the CPU column does.
/// </summary>
internal static class SoakRun
{
    public static async Task<int> RunAsync(ILoadServer server, int metricsPort, int count, int talkers, TimeSpan duration, TextWriter output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        talkers = Math.Min(talkers, count);
        var idle = ProcessStats.Read(server.ProcessId);
        var participants = Enumerable.Range(0, count).Select(i => new RtpParticipant(i < talkers ? i : -1)).ToList();
        var clock = new RtpClock(participants);
        try
        {
            // In two halves, so that the fixed costs of the first calls (code, prompts, the GC's budgets) stay out of
            // the figure per participant: the second half's memory divided by its size.
            int half = count / 2;
            await JoinAsync(server, participants.Take(half));
            await server.WaitForRoomAsync(half, TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(20));
            var halfway = ProcessStats.Read(server.ProcessId);
            await JoinAsync(server, participants.Skip(half));
            int inRoom = await server.WaitForRoomAsync(count, TimeSpan.FromSeconds(60));
            await Task.Delay(TimeSpan.FromSeconds(20));
            var full = ProcessStats.Read(server.ProcessId);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{inRoom} of {count} in the room; RSS before the joins {idle.RssKiB / 1024.0:F1} MiB; sampling every minute for {duration.TotalMinutes:F0} min"));
            output.WriteLine("| minute | RSS MiB | heap after last GC MiB | GC committed MiB | collections | allocated MiB/min | methods JIT-compiled | other anonymous MiB | malloc MiB | JIT code MiB | stacks MiB | files MiB | CPU % of one core | threads | audio received | heard all talkers |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            var maps = new List<MemoryMap>();
            var samples = new List<long>();
            var heaps = new List<double>();
            var committed = new List<double>();
            var runtime = await RuntimeScrape.ReadAsync(http, metricsPort);
            var minutes = (int)Math.Max(1, duration.TotalMinutes);
            for (int minute = 1; minute <= minutes; minute++)
            {
                foreach (var participant in participants)
                {
                    participant.ResetCounts();
                }

                var before = ProcessStats.Read(server.ProcessId);
                var stopwatch = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromMinutes(1));
                var elapsed = stopwatch.Elapsed.TotalSeconds;
                var after = ProcessStats.Read(server.ProcessId);
                var runtimeAfter = await RuntimeScrape.ReadAsync(http, metricsPort);
                var map = MemoryMap.Read(server.ProcessId) ?? new MemoryMap(0, 0, 0, 0, 0);
                maps.Add(map);
                long received = participants.Sum(p => p.Received);
                int heard = participants.Count(p => p.HeardAllTalkers(talkers));
                samples.Add(after.RssKiB);
                heaps.Add(runtimeAfter.HeapAfterGcBytes);
                committed.Add(runtimeAfter.CommittedBytes);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {minute} | {after.RssKiB / 1024.0:F1} | {runtimeAfter.HeapAfterGcBytes / 1048576.0:F1} | {runtimeAfter.CommittedBytes / 1048576.0:F1} | {runtimeAfter.Collections} | {(runtimeAfter.AllocatedBytes - runtime.AllocatedBytes) / 1048576.0 / (elapsed / 60):F1} | {runtimeAfter.JitCompiledMethods - runtime.JitCompiledMethods} | {Mib(map.OtherAnonymousKiB)} | {Mib(map.MallocKiB)} | {Mib(map.JitCodeKiB)} | {Mib(map.StacksKiB)} | {Mib(map.FilesKiB)} | {100 * (after.Cpu - before.Cpu).TotalSeconds / elapsed:F1} | {after.Threads} | {100 * received / (count * 50 * elapsed):F1} % | {heard} of {count} |"));
                await output.FlushAsync();
                runtime = runtimeAfter;
            }

            double perParticipant = (full.RssKiB - halfway.RssKiB) / (double)(count - half);
            long growth = samples[^1] - samples[0];
            long peak = samples.Max();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"per participant: {perParticipant:F1} KiB (RSS with {count} {full.RssKiB / 1024.0:F1} MiB - with {half} {halfway.RssKiB / 1024.0:F1} MiB, / {count - half}; before the joins {idle.RssKiB / 1024.0:F1} MiB); " +
                $"growth from minute 1 to minute {minutes}: RSS {growth / 1024.0:+0.0;-0.0} MiB, heap after last GC {(heaps[^1] - heaps[0]) / 1048576.0:+0.0;-0.0} MiB, GC committed {(committed[^1] - committed[0]) / 1048576.0:+0.0;-0.0} MiB; peak RSS {peak / 1024.0:F1} MiB"));
            if (maps.Count >= 2)
            {
                // The second half of the run, past the warm-up (first code, the collector settling its budgets), by kind.
                var from = maps[maps.Count / 2];
                var to = maps[^1];
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"from minute {maps.Count / 2 + 1} to minute {maps.Count}: RSS {Growth(to.TotalKiB - from.TotalKiB)}, of which other anonymous {Growth(to.OtherAnonymousKiB - from.OtherAnonymousKiB)}, " +
                    $"malloc {Growth(to.MallocKiB - from.MallocKiB)}, JIT code {Growth(to.JitCodeKiB - from.JitCodeKiB)}, stacks {Growth(to.StacksKiB - from.StacksKiB)}, files {Growth(to.FilesKiB - from.FilesKiB)}"));
            }

            return 0;
        }
        finally
        {
            clock.Dispose();
            foreach (var participant in participants)
            {
                participant.Dispose();
            }
        }
    }

    private static string Mib(long kib) => (kib / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Growth(long kib) => (kib / 1024.0).ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + " MiB";

    private static async Task JoinAsync(ILoadServer server, IEnumerable<RtpParticipant> participants)
    {
        using var gate = new SemaphoreSlim(20);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await Task.WhenAll(participants.Select(async p =>
        {
            await gate.WaitAsync(cancel.Token);
            try
            {
                await server.JoinAsync(p, cancel.Token);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
