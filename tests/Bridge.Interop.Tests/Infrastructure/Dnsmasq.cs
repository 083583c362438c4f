using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bridge.Sip.Resolver;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// dnsmasq from Debian as an authoritative DNS server for RFC 3263 tests: on 127.0.0.1:<c>port</c> only, no upstream, no
/// /etc/hosts, answering the NAPTR, SRV and host records given on its command line; every query it gets is logged, so a
/// test can see what the bridge asked.
/// </summary>
public sealed class Dnsmasq : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines;

    private Dnsmasq(Process process, ConcurrentQueue<string> lines, IPEndPoint endPoint)
    {
        _process = process;
        _lines = lines;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Starts it with <paramref name="records"/> (dnsmasq options such as <c>--srv-host=…</c>) and waits until it
    /// answers the first name in <paramref name="probe"/>.</summary>
    public static async Task<Dnsmasq> StartAsync(int port, string probe, params string[] records)
    {
        var dnsmasq = PeerTool.Require("dnsmasq");
        var pid = Path.Combine(Directory.CreateTempSubdirectory("dnsmasq-").FullName, "dnsmasq.pid");
        var info = new ProcessStartInfo(dnsmasq) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--port=" + port.ToString(CultureInfo.InvariantCulture), "--user=root", "--pid-file=" + pid, "--log-queries", "--log-facility=-",
        }.Concat(records))
        {
            info.ArgumentList.Add(argument);
        }

        var lines = new ConcurrentQueue<string>();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lines.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var endPoint = new IPEndPoint(IPAddress.Loopback, port);
        var client = new DnsClient(endPoint) { Timeout = TimeSpan.FromMilliseconds(300), Attempts = 1 };
        var clock = Stopwatch.StartNew();
        while (await client.QueryAsync(probe, DnsRecordType.A, CancellationToken.None) is null)
        {
            Assert.False(process.HasExited, "dnsmasq exited at start:\n" + string.Join("\n", lines));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "dnsmasq did not answer within 10 s:\n" + string.Join("\n", lines));
        }

        return new Dnsmasq(process, lines, endPoint);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
