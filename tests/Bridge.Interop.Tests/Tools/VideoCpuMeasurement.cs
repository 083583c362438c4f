using System.Diagnostics;
using System.Globalization;
using Bridge.Interop.Tests.Browser;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests.Tools;

/// <summary>
/// Issue 10's measurement of the bridge's CPU with one video sender and N receiving browsers, run by hand (not a test,
/// not part of ./test.sh): for each N, the published bridge in a loopback-only namespace, one Chromium page sending its
/// fake camera and N pages in a second Chromium that send no video (their camera request is refused in the page), all
/// in room 4711. Once every receiver decodes the sender, the bridge's CPU (utime + stime from /proc/PID/stat) and each
/// receiver's framesDecoded are taken over the window. Prints one line per N. Run (root, for the namespace):
/// <c>dotnet build tests/Bridge.Interop.Tests -c Release &amp;&amp; flock /tmp/bridge-interop.lock dotnet
/// tests/Bridge.Interop.Tests/bin/Release/net10.0/Bridge.Interop.Tests.dll video-cpu --receivers 2,4 --seconds 20</c>.
/// </summary>
internal static class VideoCpuMeasurement
{
    /// <summary>Keeps the receivers' pages from opening a camera, so they only receive video (audio goes on).</summary>
    private const string NoCamera =
        "(() => { const md = navigator.mediaDevices; if (!md || !md.getUserMedia) return; const original = md.getUserMedia.bind(md); " +
        "md.getUserMedia = (c) => (c && c.video) ? Promise.reject(new DOMException('no camera for a receiver', 'NotFoundError')) : original(c); })();";

    public static async Task<int> RunAsync(string[] args)
    {
        var receivers = new List<int> { 2, 4 };
        var seconds = 20;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--receivers":
                    receivers = [.. args[i + 1].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))];
                    break;
                case "--seconds":
                    seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine("usage: video-cpu [--receivers 2,4] [--seconds 20]");
                    return 2;
            }
        }

        if (NetworkNamespaces.Unavailable() is { } why)
        {
            Console.Error.WriteLine("cannot measure: " + why);
            return 1;
        }

        foreach (var count in receivers)
        {
            Console.WriteLine(await MeasureAsync(count, TimeSpan.FromSeconds(seconds)));
        }

        return 0;
    }

    private static async Task<string> MeasureAsync(int receiverCount, TimeSpan window)
    {
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await BrowserInteropTests.StartBridgeAsync(space);
        await using var sending = await NamespacedChromium.LaunchAsync(space);
        await using var receiving = await NamespacedChromium.LaunchAsync(space);
        var sender = await VideoPage.OpenAsync(sending.Browser, BrowserInteropTests.PageUrl);
        await sender.JoinAsync(BrowserInteropTests.Pin, "Sender");
        var pages = new List<VideoPage>();
        var joined = Stopwatch.StartNew();
        for (var i = 0; i < receiverCount; i++)
        {
            var page = await VideoPage.OpenAsync(receiving.Browser, "about:blank");
            await page.Page.AddInitScriptAsync(NoCamera);
            await page.Page.GotoAsync(BrowserInteropTests.PageUrl);
            await page.JoinAsync(BrowserInteropTests.Pin, "Receiver " + (i + 1).ToString(CultureInfo.InvariantCulture));
            pages.Add(page);
        }

        foreach (var page in pages)
        {
            await page.FirstFrameAsync("Sender", screen: false, joined, TimeSpan.FromSeconds(60));
        }

        var pid = ProcessCpu.FindByCommandLine(Path.GetDirectoryName(bridge.LogPath)!);
        if (pid <= 0)
        {
            return $"N={receiverCount}: the bridge's process was not found";
        }

        var before = await FramesAsync(pages);
        var cpuBefore = ProcessCpu.Used(pid);
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        var cpu = ProcessCpu.Used(pid) - cpuBefore;
        var elapsed = clock.Elapsed;
        var after = await FramesAsync(pages);
        var rates = after.Zip(before, (a, b) => ((a - b) / elapsed.TotalSeconds).ToString("F1", CultureInfo.InvariantCulture));
        foreach (var page in pages.Append(sender))
        {
            await page.CloseAsync();
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"N={receiverCount} receivers, 1 sender: bridge CPU {100 * cpu.TotalSeconds / elapsed.TotalSeconds:F1} % of one core over {elapsed.TotalSeconds:F1} s; " +
            $"frames decoded per second per receiver: {string.Join(", ", rates)}; load average {ProcessCpu.LoadAverage():F1} on {Environment.ProcessorCount} cores");
    }

    /// <summary>Each receiver's frames decoded of the sender's camera so far.</summary>
    private static async Task<long[]> FramesAsync(List<VideoPage> pages)
    {
        var frames = new long[pages.Count];
        for (var i = 0; i < pages.Count; i++)
        {
            var mid = await pages[i].MidOfAsync("Sender", screen: false);
            frames[i] = mid is not null && (await pages[i].FramesDecodedAsync()).TryGetValue(mid, out var count) ? count : 0;
        }

        return frames;
    }
}
