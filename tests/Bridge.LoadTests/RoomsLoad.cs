using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Bridge.LoadTests;

/// <summary>
/// Issue 14, goal 3: many rooms of SDES-SRTP PCMU callers on Bridge alone (<c>--rooms 100 --per-room 20
/// --talkers-per-room 3</c>), then a join storm on top (<c>--storm-rate 200 --storm-calls N</c>). The harness writes a dial
/// plan of its own (rooms 5001…, each with a random 6-digit PIN that is never printed; dial 7 and the room number), raises the
/// bridge's admission limits as an admin would for one load source, and joins every caller over SIP at <c>--fill-rate</c>
/// calls a second: INVITE with an <c>a=crypto</c> offer, ACK, the PIN and <c>#</c> keyed as RFC 4733 events once the bridge
/// logs that it asks for it, admitted when the bridge logs the join. The steady window then measures the bridge's CPU, RSS
/// and threads, what every caller received and whether it heard every other talker of its room, the generator's own CPU,
/// and the mixer's health from /metrics. Storm callers each key their PIN, stay <c>--storm-hold</c> seconds (silent), then
/// hang up (BYE); the storm row gives the same figures over the storm, how many were admitted, and INVITE → 200 and
/// INVITE → admitted (p50/p99). Last, every caller of the rooms hangs up at once, and a row gives the mixer's figures until
/// the rooms are empty. Each row also says how much CPU time the host stole from this machine in its window.
/// </summary>
internal sealed class RoomsLoad : IAsyncDisposable
{
    private const int FirstRoom = 5001;

    /// <summary>Of Opus listeners, every this many of a room decodes (the others count packets): decoding is the dear part.</summary>
    private const int SampleEvery = 10;
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HangUpLimit = TimeSpan.FromSeconds(30);

    private readonly HarnessOptions _options;
    private readonly BridgeServer _server;
    private readonly CallWatch _watch;
    private readonly SrtpGenerator _generator;
    private readonly LoadCodec _codec;
    private readonly string[] _pins;
    private readonly List<SrtpParticipant> _steady = [];
    private readonly HttpClient _http = new();
    private readonly int _metricsPort;

    private RoomsLoad(HarnessOptions options, BridgeServer server, string[] pins, int metricsPort)
    {
        _options = options;
        _server = server;
        _pins = pins;
        _metricsPort = metricsPort;
        _watch = new CallWatch(server);
        _generator = new SrtpGenerator((options.Rooms * options.PerRoom) + options.StormCalls);
        _codec = options.Codec == "opus" ? LoadCodec.CreateOpus() : LoadCodec.Pcmu;
    }

    private sealed record JoinResult(string CallId, bool Admitted, double AnswerMs, double AdmittedMs, string? Error);

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string published, string work, HarnessOptions options)
    {
        int total = options.Rooms * options.PerRoom;
        var pins = Enumerable.Range(0, options.Rooms).Select(_ => RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture)).ToArray();
        int metricsPort = FreePorts.Tcp();
        int maxCalls = total + options.StormCalls + 100;
        string[] limits =
        [
            // One load source carries every call, as a PBX trunk does: raise what an admin raises for it (README, Bridge:Security).
            $"--Bridge:Security:MaxCalls={maxCalls}", $"--Bridge:Security:MaxCallsPerSource={maxCalls}",
            "--Bridge:Security:RequestsPerSecond=20000", "--Bridge:Security:Burst=40000",
            $"--Bridge:Metrics:Address=127.0.0.1:{metricsPort}", "--Bridge:Metrics:MixerReportSeconds=5",
        ];
        Console.WriteLine($"  bridge limits for the load source: {string.Join(' ', limits.Take(4))}");
        if (options.BridgeNice is { } nice)
        {
            Console.WriteLine(FormattableString.Invariant($"  bridge at nice {nice} (as service/bridge.service runs it); the load generator (this process) at its own"));
        }

        var server = await BridgeServer.StartAsync(published, work, FreePorts.Udp(), DialPlan(pins), limits, options.BridgeNice);
        await using var load = new RoomsLoad(options, server, pins, metricsPort);
        Console.WriteLine($"  bridge process {server.ProcessId}; media ports {BridgeServer.MediaPorts}, generator ports {load._generator.Ports}");
        Console.WriteLine(load._generator.KernelArrivals
            ? "  jitter: arrival times are the kernel's receive times (SO_TIMESTAMPNS)"
            : "  jitter: not measured (SO_TIMESTAMPNS unavailable; the receive thread's 5 ms poll would count as jitter)");
        if (load._codec.IsOpus)
        {
            OpusListener.SelfCheck(load._codec);
            Console.WriteLine($"  Opus ({Bridge.Media.Codecs.AudioCodecs.OpusImplementation}) frames encoded once, self-check passed (each talker's frames decode to its tone only, silence to none); every {SampleEvery}th listener of a room decodes");
        }

        var rows = new List<ResultRow> { await load.SteadyAsync() };
        if (options.StormCalls > 0)
        {
            rows.Add(await load.StormAsync());
        }

        rows.Add(await load.HangUpAsync());
        return rows;
    }

    /// <summary>Joins the rooms' callers, lets them settle, and measures one window.</summary>
    private async Task<ResultRow> SteadyAsync()
    {
        int rooms = _options.Rooms;
        int total = rooms * _options.PerRoom;
        int talkers = Math.Min(_options.TalkersPerRoom, Math.Min(_options.PerRoom, ToneMeter.Frequencies.Length));
        Console.WriteLine(FormattableString.Invariant($"  joining {total} SRTP {_codec.Name} callers into {rooms} rooms at {_options.FillRate}/s (load average {LoadAverage()}) …"));
        long idleKiB = ProcessStats.Read(_server.ProcessId).RssKiB;
        var joins = new List<Task<JoinResult>>(total);
        var pace = Stopwatch.StartNew();
        int half = total / 2;
        long halfKiB = 0;
        for (int i = 0; i < total; i++)
        {
            if (i == half)
            {
                // Memory with half of them in, once their joins are over and their prompts ended (the pacing clock waits).
                await Task.WhenAll(joins);
                pace.Stop();
                await Task.Delay(TimeSpan.FromSeconds(8));
                halfKiB = ProcessStats.Read(_server.ProcessId).RssKiB;
                pace.Start();
            }

            int room = i % rooms;
            int position = i / rooms;
            var participant = new SrtpParticipant(position < talkers ? position : -1, _codec, position % SampleEvery == talkers % SampleEvery, _options.Dtx);
            _steady.Add(participant);
            await PaceAsync(pace, i, _options.FillRate);
            joins.Add(JoinAsync(participant, room));
        }

        var results = await Task.WhenAll(joins);
        Console.WriteLine(FormattableString.Invariant($"  {Admitted(results)} in {pace.Elapsed.TotalSeconds:F0} s (and 8 s halfway){Failures(results)}"));
        // Jitter buffers fill and the last joiners' prompts end (the participant count is a private prompt of ~3 s, and
        // each Opus or G.722 listener encodes its own while it plays): the window measures the steady room, not the joins.
        await Task.Delay(TimeSpan.FromSeconds(8));
        long fullKiB = ProcessStats.Read(_server.ProcessId).RssKiB;
        // Per admitted caller: a refused one (no media ports, say) holds nothing.
        Console.WriteLine(MemoryLine(idleKiB, halfKiB, fullKiB, results.Take(half).Count(r => r.Admitted), results.Count(r => r.Admitted)));

        Console.WriteLine(FormattableString.Invariant($"  measuring {_options.Window.TotalSeconds:F0} s (load average {LoadAverage()}) …"));
        var window = await MeasureAsync(() => Task.Delay(_options.Window));
        var load = FormattableString.Invariant($"{total} SRTP {(_codec.IsOpus ? _options.Dtx ? "Opus (silent ones DTX)" : "Opus" : "G.711")} participants, {rooms} rooms of {_options.PerRoom}, {talkers} talkers each");
        return window.Row(load, talkers, FormattableString.Invariant($"filled at {_options.FillRate}/s: {Admitted(results)}"));
    }

    /// <summary>
    /// Issue 14, goal 5: memory per participant at this scale, each reading 8 s after the joins before it. The marginal
    /// figure (the second half's RSS over its size) leaves out what the process sets up once for any call (code compiled
    /// for the call path, the collector's allocation budget, threads); the average over all of them includes it. Both count
    /// the callers admitted by then.
    /// </summary>
    private static string MemoryLine(long idleKiB, long halfKiB, long fullKiB, int half, int total) =>
        FormattableString.Invariant(
            $"  memory: RSS before the joins {idleKiB / 1024.0:F1} MiB, with {half} {halfKiB / 1024.0:F1} MiB, with {total} {fullKiB / 1024.0:F1} MiB; per participant {(fullKiB - halfKiB) / (double)(total - half):F1} KiB for the second {total - half} (marginal), {(fullKiB - idleKiB) / (double)total:F1} KiB on average over all {total}");

    /// <summary>While the rooms stay in, <c>StormCalls</c> more callers join at <c>StormRate</c> per second, each for <c>StormHoldSeconds</c>.</summary>
    private async Task<ResultRow> StormAsync()
    {
        int calls = _options.StormCalls;
        int talkers = Math.Min(_options.TalkersPerRoom, Math.Min(_options.PerRoom, ToneMeter.Frequencies.Length));
        Console.WriteLine(FormattableString.Invariant($"  join storm: {calls} callers at {_options.StormRate}/s, each stays {_options.StormHoldSeconds} s (load average {LoadAverage()}) …"));
        JoinResult[] results = [];
        var window = await MeasureAsync(async () =>
        {
            var storm = new List<Task<JoinResult>>(calls);
            var pace = Stopwatch.StartNew();
            for (int k = 0; k < calls; k++)
            {
                await PaceAsync(pace, k, _options.StormRate);
                storm.Add(StormCallAsync(k % _options.Rooms));
            }

            results = await Task.WhenAll(storm);
        });
        Console.WriteLine($"  storm: {Admitted(results)}{Failures(results)}");
        var load = FormattableString.Invariant(
            $"join storm {_options.StormRate} calls/s × {calls} with PIN (each stays {_options.StormHoldSeconds} s, then BYE), over the {_steady.Count}; audio and tones of the {_steady.Count}");
        return window.Row(load, talkers, Admitted(results));
    }

    /// <summary>
    /// The end of the meeting: every caller of the rooms hangs up at once. Their audio stops (the generator drops them, as a
    /// phone stops sending when it hangs up), a BYE each goes out as fast as the socket takes them (each sent again until
    /// answered, as phones do: a burst can overflow the bridge's receive buffer), and the window runs until
    /// the bridge counts no participant, plus 2 s for the rooms' removal and the legs' release behind the last leave. What
    /// the mixer threads do meanwhile is the row: 2,000 leaves and 100 room removals reach them within a few ticks.
    /// </summary>
    private async Task<ResultRow> HangUpAsync()
    {
        int callers = _steady.Count;
        Console.WriteLine(FormattableString.Invariant($"  hang-up: all {callers} callers of the rooms at once (load average {LoadAverage()}) …"));
        double emptyAfter = -1;
        long resentBefore = _server.Caller.ByeRetransmissions;
        var window = await MeasureAsync(async () =>
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(_steady.Select(_generator.RemoveAsync));
            var byes = _server.Caller.HangUpAllAsync(); // each BYE retransmitted until answered, as phones do
            while (clock.Elapsed < HangUpLimit)
            {
                if (await MixerMetrics.GaugeAsync(_http, _metricsPort, "bridge_participants") == 0)
                {
                    emptyAfter = clock.Elapsed.TotalSeconds;
                    break;
                }

                await Task.Delay(100);
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
            await byes;
        });
        long resent = _server.Caller.ByeRetransmissions - resentBefore;
        string emptied = emptyAfter < 0
            ? FormattableString.Invariant($"participants still in the rooms after {HangUpLimit.TotalSeconds:F0} s")
            : FormattableString.Invariant($"rooms empty {emptyAfter:F1} s after the first caller stopped");
        emptied += FormattableString.Invariant($"; {resent} BYEs sent again (unanswered within Timer E)");
        Console.WriteLine($"  hang-up: {emptied}");
        return new ResultRow(
            FormattableString.Invariant($"all {callers} hang up at once (BYE), until the rooms are empty and 2 s more ({window.Seconds:F0} s)"),
            "Bridge",
            window.CpuPercent,
            window.After.RssKiB,
            window.After.Threads,
            "-",
            "-",
            window.GeneratorPercent,
            window.MixerCell(),
            emptied);
    }

    private async Task<JoinResult> StormCallAsync(int room)
    {
        var participant = new SrtpParticipant(-1, _codec, sampled: false);
        var result = new JoinResult("", false, 0, 0, "not started");
        try
        {
            result = await JoinAsync(participant, room);
            if (result.Admitted)
            {
                await Task.Delay(TimeSpan.FromSeconds(_options.StormHoldSeconds));
            }

            return result;
        }
        finally
        {
            await _server.Caller.HangUpAsync(result.CallId);
            await _generator.RemoveAsync(participant);
            participant.Dispose();
        }
    }

    /// <summary>INVITE → 200 → ACK; the PIN and '#' once the bridge asks; admitted when the bridge logs the join.</summary>
    private async Task<JoinResult> JoinAsync(SrtpParticipant participant, int room)
    {
        var callId = Guid.NewGuid().ToString("N") + "@load";
        var progress = _watch.Watch(callId);
        long start = Stopwatch.GetTimestamp();
        double answered = 0;
        try
        {
            _generator.Add(participant); // sends nothing before the answer
            using var cancel = new CancellationTokenSource(StepLimit);
            var ok = await _server.Caller.CallAsync(callId, $"load{participant.Slot}", $"7{FirstRoom + room}", participant.Offer(participant.Slot), cancel.Token);
            answered = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            participant.Answered(ok);
            _generator.Answered(participant);
            await progress.PinAsked.Task.WaitAsync(StepLimit);
            participant.Key(_pins[room] + "#");
            long joined = await progress.Joined.Task.WaitAsync(StepLimit);
            return new JoinResult(callId, true, answered, Stopwatch.GetElapsedTime(start, joined).TotalMilliseconds, null);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or SocketException or OperationCanceledException)
        {
            var step = answered == 0 ? "INVITE" : progress.PinAsked.Task.IsCompleted ? "admission" : "PIN prompt";
            return new JoinResult(callId, false, answered, 0, $"{step}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
        }
        finally
        {
            _watch.Forget(callId);
        }
    }

    /// <summary>The bridge's and the generator's figures over <paramref name="during"/>, and what the steady callers received.</summary>
    private async Task<Window> MeasureAsync(Func<Task> during)
    {
        var mixerBefore = await MixerMetrics.ScrapeAsync(_http, _metricsPort);
        long gcBefore = _watch.GcPausedMs;
        long stealBefore = HostSteal.Milliseconds();
        var own = Process.GetCurrentProcess();
        var ownBefore = own.TotalProcessorTime;
        var before = ProcessStats.Read(_server.ProcessId);
        foreach (var participant in _steady)
        {
            participant.ResetCounts();
        }

        var datagrams = _generator.Datagrams;
        long ticks = _generator.Ticks;
        var stopwatch = Stopwatch.StartNew();
        await during();
        var elapsed = stopwatch.Elapsed.TotalSeconds;
        var datagramsAfter = _generator.Datagrams;
        double sentPerSecond = (datagramsAfter.Sent - datagrams.Sent) / elapsed;
        int sending = _generator.Sending;
        Console.WriteLine(FormattableString.Invariant(
            $"  generator: sent {sentPerSecond:F0} datagrams/s ({50 * sending} due from {sending} callers at the end), received {(datagramsAfter.Received - datagrams.Received) / elapsed:F0}/s over {elapsed:F0} s"));
        long received = _steady.Sum(p => p.Received);
        var after = ProcessStats.Read(_server.ProcessId);
        own.Refresh();
        var ownUsed = (own.TotalProcessorTime - ownBefore).TotalSeconds;
        var mixerAfter = await MixerMetrics.ScrapeAsync(_http, _metricsPort);
        return new Window(this, elapsed, received, before, after, mixerBefore, mixerAfter, 100 * ownUsed / elapsed, _watch.GcPausedMs - gcBefore,
            100 * (_generator.Ticks - ticks) / (50 * elapsed), HostSteal.Milliseconds() - stealBefore);
    }

    private sealed record Window(RoomsLoad Load, double Seconds, long Received, ProcessStats Before, ProcessStats After, MixerMetrics MixerBefore, MixerMetrics MixerAfter, double GeneratorPercent, long GcPausedMs, double GeneratorTicksPercent, long StealMs)
    {
        /// <summary>The bridge's CPU over the window, % of one core.</summary>
        public double CpuPercent => 100 * (After.Cpu - Before.Cpu).TotalSeconds / Seconds;

        /// <summary>The mixer column: the mixer's figures, the collector's pauses, the host's steal and the goal's verdict.</summary>
        public string MixerCell() =>
            MixerAfter.Since(MixerBefore) +
            string.Create(CultureInfo.InvariantCulture, $"; GC paused the bridge {GcPausedMs} ms (its 5 s reports); the host took {StealMs} ms of the CPUs (steal)") +
            (MixerAfter.MeetsGoal(MixerBefore) ? "; no overrun and p99 ≤ 5 ms: yes" : "; no overrun and p99 ≤ 5 ms: NO");

        public ResultRow Row(string load, int talkers, string admitted)
        {
            var steady = Load._steady;
            double expected = steady.Count * 50 * Seconds;
            var checking = steady.Where(p => p.ChecksTones).ToList();
            int heard = checking.Count(p => p.HeardAllTalkers(talkers));
            return new ResultRow(
                string.Create(CultureInfo.InvariantCulture, $"{load} ({Seconds:F0} s)"),
                "Bridge",
                CpuPercent,
                After.RssKiB,
                After.Threads,
                // When the generator could not keep its own clock (a machine too busy for it), what the bridge mixed was thin too.
                string.Create(CultureInfo.InvariantCulture, $"{100 * Received / expected:F1} % (the generator made {GeneratorTicksPercent:F0} % of its 20 ms ticks)"),
                checking.Count == steady.Count
                    ? string.Create(CultureInfo.InvariantCulture, $"{heard} of {steady.Count}")
                    : string.Create(CultureInfo.InvariantCulture, $"{heard} of {checking.Count} checked (decoded; all {steady.Count} counted)"),
                GeneratorPercent,
                MixerCell(),
                admitted,
                Load._generator.KernelArrivals ? ArrivalJitter.Summary(steady.Select(p => p.Jitter)) : "-");
        }
    }

    private static string Admitted(JoinResult[] results)
    {
        var admitted = results.Where(r => r.Admitted).ToList();
        if (admitted.Count == 0)
        {
            return $"0 of {results.Length} admitted";
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"{admitted.Count} of {results.Length} admitted; INVITE→200 p50 {Percentile(admitted, r => r.AnswerMs, 0.50):F0} ms p99 {Percentile(admitted, r => r.AnswerMs, 0.99):F0} ms; INVITE→admitted p50 {Percentile(admitted, r => r.AdmittedMs, 0.50):F0} ms p99 {Percentile(admitted, r => r.AdmittedMs, 0.99):F0} ms");
    }

    private static double Percentile(List<JoinResult> results, Func<JoinResult, double> value, double p)
    {
        var sorted = results.Select(value).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Failures(JoinResult[] results)
    {
        var failed = results.Where(r => !r.Admitted).GroupBy(r => r.Error).OrderByDescending(g => g.Count()).Take(5).ToList();
        return failed.Count == 0 ? "" : "; failed: " + string.Join("; ", failed.Select(g => $"{g.Count()} × {g.Key}"));
    }

    private static async Task PaceAsync(Stopwatch pace, int index, int rate)
    {
        var due = TimeSpan.FromSeconds(index / (double)rate) - pace.Elapsed;
        if (due > TimeSpan.Zero)
        {
            await Task.Delay(due);
        }
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Rooms 5001… with their PINs, reached by dialling 7 and the room number (dialplans/README.md).</summary>
    private static string DialPlan(string[] pins)
    {
        var plan = new StringBuilder("routes:\n  - dialled: '/^7(\\d{4})$/'\n    room: \"$1\"\nrooms:\n");
        for (int room = 0; room < pins.Length; room++)
        {
            plan.Append(CultureInfo.InvariantCulture, $"  - number: \"{FirstRoom + room}\"\n    name: \"Load room {FirstRoom + room}\"\n    pin: \"{pins[room]}\"\n");
        }

        return plan.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _watch.Dispose();
        await _server.DisposeAsync(); // BYE to every call still up, then the bridge stops
        _generator.Dispose();
        foreach (var participant in _steady)
        {
            participant.Dispose();
        }

        _http.Dispose();
    }
}
