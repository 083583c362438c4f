using System.Diagnostics;
using System.Globalization;

namespace Bridge.LoadTests;

/// <summary>
/// One room of <c>count</c> plain-RTP PCMU participants on one server: the first <c>talkers</c> send a tone each, the
/// rest silence; all join, settle, then the server's CPU (from /proc), the harness's own CPU, what every participant
/// received, whether it heard every other talker and the jitter of what it received (<see cref="ArrivalJitter"/>) are taken
/// over one window.
/// </summary>
internal static class RoomLoad
{
    public static async Task<ResultRow> MeasureAsync(ILoadServer server, int count, int talkers, TimeSpan settle, TimeSpan window)
    {
        talkers = Math.Min(talkers, count);
        var participants = Enumerable.Range(0, count).Select(i => new RtpParticipant(i < talkers ? i : -1)).ToList();
        var clock = new RtpClock(participants);
        try
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
            int inRoom = await server.WaitForRoomAsync(count, TimeSpan.FromSeconds(60));
            await Task.Delay(settle); // join prompts end, jitter buffers fill
            Console.WriteLine($"  {inRoom} of {count} in the room {settle.TotalSeconds:F0} s; measuring {window.TotalSeconds:F0} s (server process {server.ProcessId})");

            if (ArrivalClock.Describe() is { } arrivalClock)
            {
                Console.WriteLine("  " + arrivalClock);
            }

            foreach (var participant in participants)
            {
                participant.ResetCounts();
            }

            var own = Process.GetCurrentProcess();
            var ownBefore = own.TotalProcessorTime;
            var before = ProcessStats.Read(server.ProcessId);
            var stopwatch = Stopwatch.StartNew();
            await Task.Delay(window);
            var elapsed = stopwatch.Elapsed.TotalSeconds;
            long received = participants.Sum(p => p.Received);
            var jitter = ArrivalJitter.Summary(participants.Select(p => p.Jitter));
            var after = ProcessStats.Read(server.ProcessId);
            own.Refresh();
            var ownUsed = (own.TotalProcessorTime - ownBefore).TotalSeconds;

            double expected = count * 50 * elapsed;
            int heard = participants.Count(p => p.HeardAllTalkers(talkers));
            return new ResultRow(
                string.Create(CultureInfo.InvariantCulture, $"{count} participants, one room, {talkers} talkers"),
                server.Name,
                100 * (after.Cpu - before.Cpu).TotalSeconds / elapsed,
                after.RssKiB,
                after.Threads,
                string.Create(CultureInfo.InvariantCulture, $"{100 * received / expected:F1} %"),
                string.Create(CultureInfo.InvariantCulture, $"{heard} of {count}"),
                100 * ownUsed / elapsed,
                Jitter: jitter);
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
}
