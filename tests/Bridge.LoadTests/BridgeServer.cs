using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Bridge.LoadTests;

/// <summary>
/// Bridge as an admin runs it: <c>dotnet bridge.dll run</c> from its published output, in a data directory of its own,
/// with one room (7001, PIN 246810) reached by dialling 7001, and the per-source request and call limits raised for the
/// load source as an admin raises them for a PBX trunk. Participants join through <see cref="SipCaller"/>.
/// </summary>
internal sealed partial class BridgeServer : ILoadServer
{
    public const string Pin = "246810";
    private readonly ServerProcess _process;
    private readonly SipCaller _caller;

    private BridgeServer(ServerProcess process, int sipPort)
    {
        _process = process;
        _caller = new SipCaller(new IPEndPoint(IPAddress.Loopback, sipPort));
    }

    public string Name => "Bridge";

    public int ProcessId => _process.Id;

    /// <summary>The SIP user agent that places the harness's calls (its calls are hung up when the server is disposed).</summary>
    public SipCaller Caller => _caller;

    public IPEndPoint SipAddress { get; private init; } = null!;

    /// <summary>The bridge's media ports: outside the fixed ranges of the interop tests (20000–32767, 40000–51999), so a run beside them collides with none.</summary>
    public const string MediaPorts = "52000-59999";

    /// <summary>The bridge's output, line by line (the rooms scenario follows calls through it).</summary>
    public event Action<string>? Line
    {
        add => _process.Line += value;
        remove => _process.Line -= value;
    }

    /// <summary>
    /// Starts the bridge with the one-room plan, or with <paramref name="dialPlan"/> (YAML) and <paramref name="extraArguments"/>
    /// (configuration keys; a key given twice takes the later value).
    /// </summary>
    public static async Task<BridgeServer> StartAsync(string published, string work, int sipPort, string? dialPlan = null, IReadOnlyList<string>? extraArguments = null, int? nice = null)
    {
        var data = Directory.CreateDirectory(Path.Combine(work, "bridge-data")).FullName;
        var plans = Directory.CreateDirectory(Path.Combine(work, "bridge-dialplans")).FullName;
        await File.WriteAllTextAsync(Path.Combine(plans, "load.yaml"), dialPlan ??
            "routes:\n  - dialled: \"7001\"\n    room: \"7001\"\nrooms:\n  - number: \"7001\"\n    name: \"Load room\"\n" +
            $"    pin: \"{Pin}\"\n");
        string[] arguments =
        [
            Path.Combine(published, "bridge.dll"), "run",
            $"--Bridge:Data={data}", $"--Bridge:DialPlans={plans}",
            $"--Bridge:Sip:Udp=127.0.0.1:{sipPort}", $"--Bridge:Sip:Tcp=127.0.0.1:{sipPort}", $"--Bridge:Sip:Tls=127.0.0.1:{sipPort + 1}",
            $"--Bridge:Rtp:Ports={MediaPorts}", "--Bridge:Media:Address=127.0.0.1", "--Bridge:Web:Http=", "--Bridge:Web:Https=",
            // The load is one source, as a PBX trunk is: raise its limits as an admin would (README, Bridge:Security).
            "--Bridge:Security:MaxCallsPerSource=1000", "--Bridge:Security:MaxCalls=1000",
            "--Bridge:Security:RequestsPerSecond=20000", "--Bridge:Security:Burst=40000",
            .. extraArguments ?? [],
        ];
        // At a nice value of its own as the unit sets one: nice(1) execs dotnet, so the process id stays the bridge's.
        // With the unit's malloc arenas (service/bridge.service: MALLOC_ARENA_MAX=2), which the soak's malloc column depends on.
        var environment = new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "2" };
        var process = nice is { } n
            ? new ServerProcess("nice", ["-n", n.ToString(CultureInfo.InvariantCulture), "dotnet", .. arguments], work, Path.Combine(work, "bridge.log"), environment)
            : new ServerProcess("dotnet", arguments, work, Path.Combine(work, "bridge.log"), environment);
        var server = new BridgeServer(process, sipPort) { SipAddress = new IPEndPoint(IPAddress.Loopback, sipPort) };
        var clock = Stopwatch.StartNew();
        while (!Started().IsMatch(process.Output))
        {
            if (process.HasExited || clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new InvalidOperationException("Bridge did not start:\n" + process.Output);
            }

            await Task.Delay(200);
        }

        return server;
    }

    public Task JoinAsync(RtpParticipant participant, CancellationToken cancel) => _caller.JoinAsync(participant, "7001", Pin + "#", cancel);

    public async Task<int> WaitForRoomAsync(int count, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        int joined;
        while ((joined = Joined().Count(_process.Output)) < count && clock.Elapsed < limit)
        {
            await Task.Delay(250);
        }

        return joined;
    }

    public async ValueTask DisposeAsync()
    {
        await _caller.HangUpAllAsync();
        await Task.Delay(500);
        _caller.Dispose();
        await _process.DisposeAsync();
    }

    [GeneratedRegex(@"SIP listening|Now listening|listening on", RegexOptions.IgnoreCase)]
    private static partial Regex Started();

    [GeneratedRegex(@"joined room 7001 as")]
    private static partial Regex Joined();
}
