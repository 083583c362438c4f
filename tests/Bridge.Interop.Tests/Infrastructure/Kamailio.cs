using System.Diagnostics;
using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>A Kamailio record-routing proxy on loopback that dispatches every call to the given bridges.</summary>
public sealed class Kamailio : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private Kamailio(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Kamailio> StartAsync(int port, params int[] bridgePorts)
    {
        var kamailio = PeerTool.Require("kamailio");
        var directory = Directory.CreateTempSubdirectory("kamailio-").FullName;
        var list = Path.Combine(directory, "dispatcher.list");
        await File.WriteAllLinesAsync(list, bridgePorts.Select(p => "1 sip:127.0.0.1:" + p.ToString(CultureInfo.InvariantCulture)));
        var config = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Peers, "kamailio", "kamailio.cfg")))
            .Replace("LISTEN_PORT", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("DISPATCHER_LIST", list, StringComparison.Ordinal)
            .Replace("RUNDIR", directory, StringComparison.Ordinal);
        var configPath = Path.Combine(directory, "kamailio.cfg");
        await File.WriteAllTextAsync(configPath, config);

        var check = await ProcessRunner.RunAsync(kamailio, ["-c", "-f", configPath], TimeSpan.FromSeconds(20));
        Assert.True(check.ExitCode == 0, "kamailio rejected its configuration:\n" + check.Output);

        var info = new ProcessStartInfo(kamailio) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-f", configPath, "-DD", "-E", "-Y", directory, "-w", directory })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Up once its listening socket answers: an OPTIONS through it gets a final answer (relayed from a bridge, or its own).
        var clock = Stopwatch.StartNew();
        using (var probe = new SipProbe("127.0.0.1", port))
        {
            while (await probe.RequestAsync("OPTIONS", "bridge", TimeSpan.FromSeconds(1)) is null)
            {
                Assert.False(process.HasExited, "kamailio exited at start");
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"kamailio did not answer OPTIONS on 127.0.0.1:{port} within 15 s");
            }
        }

        return new Kamailio(process, directory, port);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A child may still hold its control socket for a moment; the temp folder is harmless.
        }
    }
}
