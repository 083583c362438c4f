using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The bridge service as an admin runs it: <c>dotnet bridge.dll</c> from its published output
/// (<see cref="PublishedBridge"/>, outside the repository), in a working directory of its own that is neither
/// the repository nor the published directory, with test ports and its own data directory. So it finds its
/// prompts and the demo dial plan only beside the program, as an installed service must. Its console output is
/// kept in <see cref="LogPath"/> so tests can check what it logged.
/// </summary>
public sealed class BridgeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly bool _ownsWorkingDirectory;

    /// <summary>Characters of <see cref="LogPath"/> before this process's first line (a restart appends to the same file).</summary>
    private int _logStart;

    private BridgeProcess(Process process, StreamWriter log, string dataDirectory, int sipPort, string programDirectory, string workingDirectory, bool ownsWorkingDirectory)
    {
        _ownsWorkingDirectory = ownsWorkingDirectory;
        _process = process;
        _log = log;
        DataDirectory = dataDirectory;
        SipPort = sipPort;
        ProgramDirectory = programDirectory;
        WorkingDirectory = workingDirectory;
    }

    public int SipPort { get; }

    /// <summary>The published directory the bridge runs from.</summary>
    public string ProgramDirectory { get; }

    /// <summary>The bridge's working directory: an empty temporary directory, removed when the bridge is disposed.</summary>
    public string WorkingDirectory { get; }

    public string DataDirectory { get; }

    public string LogPath => Path.Combine(DataDirectory, "console.log");

    public static async Task<BridgeProcess> StartAsync(int sipPort, int rtpLow, int rtpHigh, IEnumerable<string>? extraArguments = null, string? dataDirectory = null)
    {
        // test.sh collects every bridge's logs of the run under one root, to check them for secrets afterwards.
        dataDirectory ??= BridgeDataDirectory.Create("bridge-interop-");
        var arguments = extraArguments?.ToArray() ?? [];
        RequireAbsolutePaths(arguments);
        var program = await PublishedBridge.DirectoryAsync();
        var workingDirectory = Directory.CreateTempSubdirectory("bridge-cwd-").FullName;
        // As service/bridge.service runs it: Production, and two malloc arenas.
        var environment = new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["MALLOC_ARENA_MAX"] = "2" };
        return await LaunchAsync("dotnet", [Path.Combine(program, "bridge.dll")], program, workingDirectory, environment, sipPort, rtpLow, rtpHigh,
            [$"--Bridge:Data={dataDirectory}", .. arguments], dataDirectory, ownsWorkingDirectory: true);
    }

    /// <summary>
    /// Starts an installed bridge the way its service unit does: from <paramref name="programDirectory"/>, in
    /// <paramref name="workingDirectory"/>, with the unit's environment (content root, data directory); only the
    /// test's ports are given as arguments. The console log goes to <paramref name="dataDirectory"/>.
    /// </summary>
    public static Task<BridgeProcess> StartInstalledAsync(string programDirectory, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        string dataDirectory, int sipPort, int rtpLow, int rtpHigh) =>
        LaunchAsync("dotnet", [Path.Combine(programDirectory, "bridge.dll")], programDirectory, workingDirectory, environment, sipPort, rtpLow, rtpHigh,
            [], dataDirectory, ownsWorkingDirectory: false);

    /// <summary>
    /// Starts a packaged bridge with a command line of its own (e.g. the unit's ExecStart under <c>setpriv</c> as the
    /// service user): <paramref name="fileName"/> with <paramref name="command"/>, then <c>run</c> and the test's ports.
    /// </summary>
    public static Task<BridgeProcess> StartCommandAsync(string fileName, IReadOnlyList<string> command, string programDirectory, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, string dataDirectory, int sipPort, int rtpLow, int rtpHigh) =>
        LaunchAsync(fileName, command, programDirectory, workingDirectory, environment, sipPort, rtpLow, rtpHigh, [], dataDirectory, ownsWorkingDirectory: false);

    private static async Task<BridgeProcess> LaunchAsync(string fileName, IReadOnlyList<string> command, string program, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, int sipPort, int rtpLow, int rtpHigh, string[] arguments, string dataDirectory, bool ownsWorkingDirectory)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var part in command)
        {
            info.ArgumentList.Add(part);
        }

        info.ArgumentList.Add("run");
        info.ArgumentList.Add($"--Bridge:Sip:Udp=127.0.0.1:{sipPort}");
        info.ArgumentList.Add($"--Bridge:Sip:Tcp=127.0.0.1:{sipPort}");
        info.ArgumentList.Add($"--Bridge:Sip:Tls=127.0.0.1:{sipPort + 1}");
        info.ArgumentList.Add($"--Bridge:Rtp:Ports={rtpLow}-{rtpHigh}");
        info.ArgumentList.Add("--Bridge:Media:Address=127.0.0.1");

        // No web listeners unless a test asks for them (its arguments come later and win): 8080/8443 are not the tests'.
        info.ArgumentList.Add("--Bridge:Web:Http=");
        info.ArgumentList.Add("--Bridge:Web:Https=");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        Directory.CreateDirectory(dataDirectory);
        var process = new Process { StartInfo = info };
        var logPath = Path.Combine(dataDirectory, "console.log");
        var logStart = File.Exists(logPath) ? File.ReadAllText(logPath).Length : 0;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bridge = new BridgeProcess(process, log, dataDirectory, sipPort, program, workingDirectory, ownsWorkingDirectory) { _logStart = logStart };
        await bridge.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(60));
        return bridge;
    }

    /// <summary>
    /// Sends OPTIONS over UDP until the service answers 200, then waits until its "SIP listening on UDP" line has come
    /// through its output pipe into <see cref="LogPath"/>: the answer can arrive before the line, and a test reading the
    /// start-up lines (dial plan, prompts, version) at once would miss them. The pipe keeps the order, so every line
    /// logged before that one is in the file then too.
    /// </summary>
    public async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        var answering = false;
        while (deadline.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"bridge exited with {_process.ExitCode}:\n{ReadLog()}");
            }

            answering = answering || await AnswersOptionsAsync(TimeSpan.FromMilliseconds(500));
            if (answering && ReadLog() is var log && log.IndexOf(ListeningLine, Math.Min(_logStart, log.Length), StringComparison.Ordinal) >= 0)
            {
                return;
            }

            await Task.Delay(answering ? 50 : 200);
        }

        throw new TimeoutException((answering ? $"bridge answered OPTIONS but its log has no \"{ListeningLine}\" line:\n" : "bridge did not answer OPTIONS:\n") + ReadLog());
    }

    /// <summary>The start-up line of the UDP listener the tests' bridges all have.</summary>
    private const string ListeningLine = "SIP listening on UDP ";

    public async Task<bool> AnswersOptionsAsync(TimeSpan wait)
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var branch = "z9hG4bK" + Guid.NewGuid().ToString("N");
        var request =
            $"OPTIONS sip:bridge@127.0.0.1:{SipPort} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 127.0.0.1:{port};branch={branch};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:probe@127.0.0.1>;tag={Guid.NewGuid():N}\r\n" +
            $"To: <sip:bridge@127.0.0.1:{SipPort}>\r\n" +
            $"Call-ID: {Guid.NewGuid():N}@probe\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        var bytes = Encoding.ASCII.GetBytes(request);
        await socket.SendAsync(bytes, new IPEndPoint(IPAddress.Loopback, SipPort));
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            while (true)
            {
                var answer = await socket.ReceiveAsync(timeout.Token);
                var text = Encoding.ASCII.GetString(answer.Buffer);
                if (text.Contains(branch, StringComparison.Ordinal))
                {
                    return text.StartsWith("SIP/2.0 200", StringComparison.Ordinal);
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once the process has ended (after <see cref="DisposeAsync"/>).</summary>
    public int? ExitCode { get; private set; }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM: the graceful stop an admin's systemctl stop gives.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        ExitCode = _process.ExitCode;
        _process.Dispose();
        await _log.DisposeAsync();
        if (_ownsWorkingDirectory)
        {
            PublishedBridge.TryDelete(WorkingDirectory);
        }
    }

    /// <summary>The bridge runs in a directory of its own: a relative path a test passes would point nowhere.</summary>
    private static void RequireAbsolutePaths(string[] arguments)
    {
        foreach (var argument in arguments)
        {
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? argument : argument[..equals];
            if (equals > 0 && key is "--Bridge:DialPlans" or "--Bridge:Data" or "--Bridge:Prompts" or "--Bridge:Tls:Certificate" or "--Bridge:Tls:Key" or "--Bridge:Tls:ClientCa"
                && argument.Length > equals + 1 && !Path.IsPathFullyQualified(argument[(equals + 1)..]))
            {
                throw new ArgumentException($"{argument}: pass an absolute path (the bridge does not run in the repository)", nameof(arguments));
            }
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}
