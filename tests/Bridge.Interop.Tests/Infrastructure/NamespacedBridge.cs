using System.Diagnostics;
using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>The published bridge (as <see cref="BridgeProcess"/> starts it) run inside a network namespace with
/// <c>ip netns exec</c>, bound to <see cref="NetworkNamespaces.BridgeAddress"/> (or the address given). Ready when it logs its UDP listener
/// (an OPTIONS probe from the test's own namespace could not reach it).</summary>
public sealed class NamespacedBridge : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _workingDirectory;

    private readonly string _address;

    private NamespacedBridge(Process process, StreamWriter log, string logPath, string workingDirectory, string address)
    {
        _address = address;
        _process = process;
        _log = log;
        LogPath = logPath;
        _workingDirectory = workingDirectory;
    }

    public string LogPath { get; }

    /// <summary>The data directory of a namespaced bridge: under <c>BRIDGE_TEST_LOG_ROOT</c> like every bridge's, so test.sh's privacy check reads its logs.</summary>
    public static string NewDataDirectory() => BridgeDataDirectory.Create("bridge-netns-");

    public static async Task<NamespacedBridge> StartAsync(string space, int sipPort, int rtpLow, int rtpHigh, IEnumerable<string> extraArguments, string? bindAddress = null)
    {
        var program = await PublishedBridge.DirectoryAsync();
        var data = NewDataDirectory();
        var workingDirectory = Directory.CreateTempSubdirectory("bridge-cwd-").FullName;
        var address = bindAddress ?? NetworkNamespaces.BridgeAddress;
        var info = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        string[] arguments =
        [
            "netns", "exec", space, "dotnet", Path.Combine(program, "bridge.dll"), "run",
            $"--Bridge:Data={data}",
            $"--Bridge:Sip:Udp={address}:{sipPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Bridge:Sip:Tcp={address}:{sipPort.ToString(CultureInfo.InvariantCulture)}",
            $"--Bridge:Sip:Tls={address}:{(sipPort + 1).ToString(CultureInfo.InvariantCulture)}",
            $"--Bridge:Rtp:Ports={rtpLow.ToString(CultureInfo.InvariantCulture)}-{rtpHigh.ToString(CultureInfo.InvariantCulture)}",
            $"--Bridge:Media:Address={address}",
            .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var logPath = Path.Combine(data, "console.log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var bridge = new NamespacedBridge(process, log, logPath, workingDirectory, address);
        try
        {
            await bridge.WaitForListenerAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }

        return bridge;
    }

    public string ReadLog()
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // ip netns exec execs the command: the process is the bridge itself, stopped gracefully by SIGTERM.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
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

        _process.Dispose();
        await _log.DisposeAsync();
        PublishedBridge.TryDelete(_workingDirectory);
    }

    private async Task WaitForListenerAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"bridge in its namespace exited with {_process.ExitCode}:\n{ReadLog()}");
            }

            if (ReadLog().Contains("SIP listening on UDP " + _address, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("bridge in its namespace did not listen:\n" + ReadLog());
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }
}
