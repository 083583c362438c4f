using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// Kamailio as the company PBX of issue 12 (<c>Peers/kamailio/pbx.cfg</c>): a registrar with digest authentication
/// over auth_db/db_text, whose subscriber table the test writes, and a location service. Its log lines (stderr) are
/// kept so a test can await what it did ("PBX register-saved user=7000").
/// </summary>
public sealed class KamailioPbx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _lines;

    private KamailioPbx(Process process, string directory, ConcurrentQueue<string> lines)
    {
        _process = process;
        _directory = directory;
        _lines = lines;
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Starts the PBX on 127.0.0.1:<paramref name="port"/> with <paramref name="users"/> (extension, password) as
    /// subscribers, challenging with <paramref name="algorithm"/> (<c>MD5</c> or <c>SHA-256</c>); in the network namespace
    /// <paramref name="space"/> (under <c>ip netns exec</c>) when given.</summary>
    public static async Task<KamailioPbx> StartAsync(int port, IReadOnlyDictionary<string, string> users, string algorithm = "MD5", string? space = null)
    {
        var kamailio = PeerTool.Require("kamailio");
        var directory = Directory.CreateTempSubdirectory("kamailio-pbx-").FullName;
        var db = Directory.CreateDirectory(Path.Combine(directory, "db")).FullName;
        await File.WriteAllTextAsync(Path.Combine(db, "version"), "table_name(string) table_version(int)\nsubscriber:7\nlocation:9\n");
        var rows = users.Select((u, i) => $"{i + 1}:{u.Key}:127.0.0.1:{u.Value}::");
        await File.WriteAllTextAsync(Path.Combine(db, "subscriber"),
            "id(int,auto) username(string) domain(string) password(string) ha1(string,null) ha1b(string,null)\n" + string.Join("\n", rows) + "\n");
        var config = (await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Peers, "kamailio", "pbx.cfg")))
            .Replace("LISTEN_PORT", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("DBDIR", db, StringComparison.Ordinal)
            .Replace("RUNDIR", directory, StringComparison.Ordinal)
            .Replace("ALGORITHM", algorithm, StringComparison.Ordinal);
        var configPath = Path.Combine(directory, "pbx.cfg");
        await File.WriteAllTextAsync(configPath, config);
        var check = await ProcessRunner.RunAsync(kamailio, ["-c", "-f", configPath], TimeSpan.FromSeconds(20));
        Assert.True(check.ExitCode == 0, "kamailio rejected the PBX configuration:\n" + check.Output);

        var info = new ProcessStartInfo(space is null ? kamailio : "ip") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in (space is null ? [] : new[] { "netns", "exec", space, kamailio }).Concat(["-f", configPath, "-DD", "-E", "-Y", directory, "-w", directory]))
        {
            info.ArgumentList.Add(argument);
        }

        var lines = new ConcurrentQueue<string>();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Keep(lines, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(lines, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        if (space is not null)
        {
            // The host cannot probe into the namespace: ready once kamailio has listed its sockets.
            while (!lines.Any(l => l.Contains($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal)))
            {
                Assert.False(process.HasExited, "kamailio exited at start:\n" + string.Join("\n", lines));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"kamailio did not list 127.0.0.1:{port} within 15 s:\n" + string.Join("\n", lines));
                await Task.Delay(100);
            }

            return new KamailioPbx(process, directory, lines);
        }

        using (var probe = new SipProbe("127.0.0.1", port))
        {
            while (await probe.RequestAsync("OPTIONS", "pbx", TimeSpan.FromSeconds(1)) is null)
            {
                Assert.False(process.HasExited, "kamailio exited at start:\n" + string.Join("\n", lines));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"kamailio did not answer OPTIONS on 127.0.0.1:{port} within 15 s");
            }
        }

        return new KamailioPbx(process, directory, lines);
    }

    /// <summary>Waits for a log line containing <paramref name="fragment"/> after the first <paramref name="from"/> lines.</summary>
    public async Task<bool> WaitForLineAsync(string fragment, TimeSpan limit, int from = 0)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (Lines.Skip(from).Any(l => l.Contains(fragment, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }

    public int Count(string fragment) => Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

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
        }
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null && lines.Count < 100_000)
        {
            lines.Enqueue(line);
        }
    }
}
