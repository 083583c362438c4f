using System.Diagnostics;
using Bridge.TestKit.Audio;
using NAudio.Codecs;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// A tshark capture of loopback UDP in a port range, and a check of each captured RTP payload for a plain
/// G.711 test tone (what an eavesdropper would hear if the media were not encrypted).
/// </summary>
public sealed class RtpCapture : IAsyncDisposable
{
    private readonly Process _process;

    private RtpCapture(Process process, string path)
    {
        _process = process;
        Path = path;
    }

    public string Path { get; }

    public static async Task<RtpCapture> StartAsync(int lowPort, int highPort, TimeSpan duration)
    {
        var tshark = PeerTool.Require("tshark");
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("capture-").FullName, "media.pcap");
        var info = new ProcessStartInfo(tshark) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-i", "lo", "-f", $"udp portrange {lowPort}-{highPort}", "-a", $"duration:{(int)duration.TotalSeconds}", "-F", "pcap", "-w", path, "-q" })
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        var capturing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var console = new System.Text.StringBuilder();
        void Line(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (console)
            {
                console.AppendLine(line);
            }

            if (line.Contains("Capturing on", StringComparison.Ordinal))
            {
                capturing.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // dumpcap sees packets once tshark reports "Capturing on 'lo'".
        var started = await Task.WhenAny(capturing.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(15)));
        if (started != capturing.Task)
        {
            string output;
            lock (console)
            {
                output = console.ToString();
            }

            var exited = process.HasExited;
            if (!exited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
            Assert.Fail($"tshark did not report \"Capturing on\" within 15 s{(exited ? " (it exited)" : "")}:\n{output}");
        }

        return new RtpCapture(process, path);
    }

    /// <summary>Ends the capture now (SIGINT: tshark closes its file cleanly) rather than at its duration.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using var interrupt = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await interrupt.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        await _process.WaitForExitAsync(limit.Token);
    }

    /// <summary>
    /// Counts the RTP packets of the capture, and those whose payload, read as G.711 μ-law or A-law, is a steady tone
    /// and follows a tone packet of the same flow. One packet of encrypted (random) payload now and then looks like a tone
    /// by chance (about one in a few thousand); a plain stream is tone packet after tone packet, so only runs count.
    /// </summary>
    public static (int Packets, int PlainTone) Analyse(string pcapPath, params double[] frequencies) => Analyse(UdpPcap.Read(pcapPath), frequencies);

    /// <summary>The same check over some datagrams of a capture (e.g. only the flows of the test's own phones).</summary>
    public static (int Packets, int PlainTone) Analyse(IEnumerable<UdpPcap.Datagram> datagrams, params double[] frequencies)
    {
        var packets = 0;
        var plain = 0;
        var previousWasTone = new Dictionary<(int, int), bool>();
        Span<short> pcm = stackalloc short[400];
        foreach (var datagram in datagrams)
        {
            var payload = datagram.Payload.AsSpan();
            if (!UdpPcap.IsRtp(payload))
            {
                continue; // not RTP, or RTCP
            }

            packets++;
            var audio = payload[(12 + (payload[0] & 0x0F) * 4)..];
            var samples = Math.Min(audio.Length, pcm.Length);
            var tone = IsTone(audio[..samples], pcm[..samples], MuLawDecoder.MuLawToLinearSample, frequencies)
                || IsTone(audio[..samples], pcm[..samples], ALawDecoder.ALawToLinearSample, frequencies);
            var flow = (datagram.SourcePort, datagram.DestinationPort);
            if (tone && previousWasTone.GetValueOrDefault(flow))
            {
                plain++;
            }

            previousWasTone[flow] = tone;
        }

        return (packets, plain);
    }

    private static bool IsTone(ReadOnlySpan<byte> audio, Span<short> pcm, Func<byte, short> decode, double[] frequencies)
    {
        for (var i = 0; i < audio.Length; i++)
        {
            pcm[i] = decode(audio[i]);
        }

        var rms = Goertzel.RmsDbfs(pcm);
        foreach (var frequency in frequencies)
        {
            var level = Goertzel.LevelDbfs(pcm, frequency, 8000);
            if (rms > -45 && level > rms - 4)
            {
                return true;
            }
        }

        return false;
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
