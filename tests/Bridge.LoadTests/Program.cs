using Bridge.LoadTests;

// The load harness of issue 14: the same RTP load on Bridge and Janus AudioBridge side by side, and the SIP OPTIONS
// load on Bridge and Kamailio, in one run; one table. Needs a quiet machine for figures worth comparing.
if (args is ["--memory-map", var pidText] && int.TryParse(pidText, out var mapped))
{
    // A look at a running process's memory by kind, as the soak prints it every minute.
    var map = MemoryMap.Read(mapped);
    Console.WriteLine(map is null ? $"no /proc/{mapped}/smaps to read" : FormattableString.Invariant(
        $"RSS {map.TotalKiB / 1024.0:F1} MiB: other anonymous (collector's regions, runtime) {map.OtherAnonymousKiB / 1024.0:F1}, malloc {map.MallocKiB / 1024.0:F1}, JIT code {map.JitCodeKiB / 1024.0:F1}, stacks {map.StacksKiB / 1024.0:F1}, files {map.FilesKiB / 1024.0:F1}"));
    return map is null ? 1 : 0;
}

var options = HarnessOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(HarnessOptions.Usage);
    return 2;
}

Interruption.StopChildrenOnInterrupt();
var work = Directory.CreateTempSubdirectory("bridge-load-").FullName;
Console.WriteLine($"work directory (logs, configs): {work}");
Console.WriteLine(FormattableString.Invariant($"machine load average before: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores"));
var published = options.Published ?? await Publishing.PublishAsync(work);
if (options.SoakMinutes > 0)
{
    var count = options.Participants.FirstOrDefault(200);
    Console.WriteLine($"soak: {count} participants on bridge for {options.SoakMinutes} min …");
    int soakMetricsPort = FreePorts.Tcp();
    await using var soaked = await BridgeServer.StartAsync(published, Directory.CreateDirectory(Path.Combine(work, $"bridge-soak-{count}")).FullName, FreePorts.Udp(),
        extraArguments: [$"--Bridge:Metrics:Address=127.0.0.1:{soakMetricsPort}"]);
    return await SoakRun.RunAsync(soaked, soakMetricsPort, count, options.Talkers, TimeSpan.FromMinutes(options.SoakMinutes), Console.Out);
}

if (options.Rooms > 0)
{
    Console.WriteLine($"{options.Rooms} rooms of {options.PerRoom} SRTP callers on bridge …");
    var roomRows = await RoomsLoad.RunAsync(published, Directory.CreateDirectory(Path.Combine(work, "bridge-rooms")).FullName, options);
    ResultRow.Print(roomRows, Console.Out);
    Console.WriteLine(FormattableString.Invariant($"machine load average after: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (figures compare only on a quiet machine)"));
    return 0;
}

var rows = new List<ResultRow>();
var rounds = new RepeatSummary();
foreach (var count in options.Participants)
{
    for (int round = 1; round <= options.Repeat; round++)
    {
        // Alternating the order between rounds keeps a drift of the machine (another tenant, thermal) from always
        // falling on the same server.
        var order = round % 2 == 1 ? options.Servers : options.Servers.Reverse().ToArray();
        foreach (var server in order)
        {
            string suffix = options.Repeat > 1 ? $"-round{round}" : "";
            Console.WriteLine(options.Repeat > 1 ? $"{count} participants on {server}, round {round} of {options.Repeat} …" : $"{count} participants on {server} …");
            var folder = Directory.CreateDirectory(Path.Combine(work, $"{server}-{count}{suffix}")).FullName;
            await using ILoadServer target = server == "janus"
                ? await JanusServer.StartAsync(folder, FreePorts.Tcp(), options.JanusRate)
                : await BridgeServer.StartAsync(published, folder, FreePorts.Udp());
            var row = await RoomLoad.MeasureAsync(target, count, options.Talkers, options.Settle, options.Window);
            rows.Add(options.Repeat > 1 ? row with { Load = $"{row.Load}, round {round}" } : row);
            rounds.Add(count, row.Server, round, row.CpuPercent);
        }
    }
}

if (options.OptionsRate > 0)
{
    var label = FormattableString.Invariant($"SIP OPTIONS {options.OptionsRate}/s for {options.OptionsSeconds} s");
    foreach (var server in new[] { "kamailio", "bridge" })
    {
        Console.WriteLine($"{label} on {server} …");
        var folder = Directory.CreateDirectory(Path.Combine(work, $"{server}-options")).FullName;
        var port = FreePorts.Udp();
        IAsyncDisposable process;
        int pid;
        if (server == "kamailio")
        {
            var kamailio = await KamailioServer.StartAsync(folder, port);
            (process, pid) = (kamailio, kamailio.Id);
        }
        else
        {
            var bridge = await BridgeServer.StartAsync(published, folder, port);
            (process, pid) = (bridge, bridge.ProcessId);
        }

        await using (process)
        {
            Console.WriteLine($"  server process {pid}");
            // A short run first, not measured: the bridge's JIT tiers up its SIP path (a fresh process spent a fifth of
            // the measured CPU compiling), as on a server that has been up for a while.
            await OptionsLoad.RunAsync(Path.Combine(folder, "warm-up"), pid, port, options.OptionsRate, 3);
            var result = await OptionsLoad.RunAsync(folder, pid, port, options.OptionsRate, options.OptionsSeconds);
            rows.Add(new ResultRow(label, server == "kamailio" ? "Kamailio" : "Bridge",
                100 * (result.After.Cpu - result.Before.Cpu).TotalSeconds / result.Wall.TotalSeconds,
                result.After.RssKiB, result.After.Threads, $"answered {result.Answered} of {result.Sent}", "-", -1));
        }
    }
}

ResultRow.Print(rows, Console.Out);
rounds.Print(Console.Out);
Console.WriteLine(FormattableString.Invariant($"machine load average after: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (figures compare only on a quiet machine)"));
return 0;
