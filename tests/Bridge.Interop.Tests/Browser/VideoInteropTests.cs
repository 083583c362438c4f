using System.Diagnostics;
using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Skipping;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Issue 10's video with real browsers: the published bridge, Chromium with its fake camera (one process, one context
/// per person) and a sipp phone, in a namespace with only loopback. Two browsers decode each other's camera; a third
/// joining 10 s later decodes the others within 1 s of its media being connected; a shared screen reaches the others;
/// every participant has a tile named by its roster label, the phone's without video.
/// </summary>
public sealed class VideoInteropTests(ITestOutputHelper output)
{
    /// <summary>What the issue asks of a late joiner: a decoded frame within this time.</summary>
    private static readonly TimeSpan LateJoinLimit = TimeSpan.FromSeconds(1);

    static VideoInteropTests() => Assertions.SetDefaultExpectTimeout(20_000);

    [SkippableFact]
    public async Task Browsers_see_each_others_camera_a_late_joiner_within_a_second_and_a_shared_screen()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        var test = Stopwatch.StartNew();
        var loadBefore = ProcessCpu.LoadAverage(); // before this test's own browsers: the machine's load from elsewhere
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await BrowserInteropTests.StartBridgeAsync(space);
        await using var chromium = await NamespacedChromium.LaunchAsync(space, extraArguments: ["--auto-select-desktop-capture-source=Entire screen"]);

        // A phone (From user phone0242) types the PIN and stays: it gets a tile without video.
        var phone = NamespacedSipp.RunAsync(space.Name, "uac_pin_caller_hangs_up.xml", $"127.0.0.1:{BrowserInteropTests.SipPort}", "7" + BrowserInteropTests.Room,
            TimeSpan.FromSeconds(90),
            new Dictionary<string, string>
            {
                ["FROMUSER"] = "phone0242",
                ["DIGITS"] = PinLockoutInteropTests.DigitActions("2,4,6,8,1,0,pound"),
                ["HOLDMS"] = "60000",
            },
            bindAddress: "127.0.0.1");

        var ann = await VideoPage.OpenAsync(chromium.Browser, BrowserInteropTests.PageUrl);
        var bob = await VideoPage.OpenAsync(chromium.Browser, BrowserInteropTests.PageUrl);
        await ann.JoinAsync(BrowserInteropTests.Pin, "Ann");
        var bobJoined = Stopwatch.StartNew();
        await bob.JoinAsync(BrowserInteropTests.Pin, "Bob");

        // Two browsers see each other's camera: frames decoded, and the tile's video has a size.
        var annSeesBob = await ann.FirstFrameAsync("Bob", screen: false, bobJoined, TimeSpan.FromSeconds(20));
        var bobSeesAnn = await bob.FirstFrameAsync("Ann", screen: false, bobJoined, TimeSpan.FromSeconds(20));
        output.WriteLine($"Bob's join click → Ann decodes Bob: {annSeesBob.TotalMilliseconds:F0} ms; Bob decodes Ann: {bobSeesAnn.TotalMilliseconds:F0} ms");
        var before = (await bob.FramesDecodedAsync())[(await bob.MidOfAsync("Ann", false))!];
        await BrowserInteropTests.WaitForLogAsync(bridge, log => PinLockoutInteropTests.JoinedAs(log, "***242"));
        await Assertions.Expect(bob.Tiles).ToHaveCountAsync(3);
        await Assertions.Expect(bob.Tiles.Filter(new() { HasText = "Phone ***242" })).ToContainTextAsync("phone, no video");
        await Assertions.Expect(bob.Tiles.Filter(new() { HasText = "Bob (you)" })).ToHaveCountAsync(1);

        // A third browser 10 s after the second.
        // The wait for it is also a measuring window: the bridge's CPU with two browsers forwarding their camera to each other and a phone.
        var pid = ProcessCpu.FindByCommandLine(Path.GetDirectoryName(bridge.LogPath)!);
        var cpuBefore = pid > 0 ? ProcessCpu.Used(pid) : TimeSpan.Zero;
        var window = Stopwatch.StartNew();
        var wait = TimeSpan.FromSeconds(10) - bobJoined.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        if (pid > 0)
        {
            output.WriteLine($"Bridge CPU with 2 browsers (camera to each other) and a phone: {100 * (ProcessCpu.Used(pid) - cpuBefore).TotalSeconds / window.Elapsed.TotalSeconds:F1} % of one core over {window.Elapsed.TotalSeconds:F1} s");
        }

        var after = (await bob.FramesDecodedAsync())[(await bob.MidOfAsync("Ann", false))!];
        Assert.True(after > before + 20, $"Bob's decoding of Ann's camera did not go on: {before} then {after} frames");

        var cat = await VideoPage.OpenAsync(chromium.Browser, BrowserInteropTests.PageUrl);
        var catJoined = Stopwatch.StartNew();
        await cat.JoinAsync(BrowserInteropTests.Pin, "Cat");
        await cat.FirstFrameAsync("Ann", screen: false, catJoined, TimeSpan.FromSeconds(20));
        var firstFrame = await cat.NowSinceJoinAsync();
        var connected = await cat.MarkAsync("connected");
        await cat.FirstFrameAsync("Bob", screen: false, catJoined, TimeSpan.FromSeconds(20));
        var bothFrames = await cat.NowSinceJoinAsync();
        Assert.NotNull(connected);
        var sinceConnected = TimeSpan.FromMilliseconds(firstFrame - connected.Value);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Cat (10 s later): join click → connected {connected:F0} ms → first decoded frame of Ann {firstFrame:F0} ms ({sinceConnected.TotalMilliseconds:F0} ms after connected); of Bob too at {bothFrames:F0} ms"));
        // A time limit on Chromium's decoding and the bridge's forwarding can only be judged on a machine that was not already
        // overloaded before the test (more runnable tasks than cores from elsewhere, as LoadInteropTests judges it): there a
        // late frame is reported, not judged. The rest of the test still runs; the skip comes at its end.
        var lateJoinNotJudged = sinceConnected >= LateJoinLimit && loadBefore > Environment.ProcessorCount;
        Assert.True(sinceConnected < LateJoinLimit || lateJoinNotJudged,
            $"the late joiner decoded its first frame {sinceConnected.TotalMilliseconds:F0} ms after its media connected (load before the test {loadBefore:F1})");
        await Assertions.Expect(cat.Tiles).ToHaveCountAsync(4);

        // Ann shares her screen: Bob and Cat decode it in her tile.
        await ann.ShareButton.ClickAsync();
        await Assertions.Expect(ann.Page.GetByRole(AriaRole.Button, new() { Name = "Stop sharing" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(ann.Page.GetByText("Sharing your screen")).ToBeVisibleAsync();
        var shared = Stopwatch.StartNew();
        var bobSeesScreen = await bob.FirstFrameAsync("Ann", screen: true, shared, TimeSpan.FromSeconds(15));
        var catSeesScreen = await cat.FirstFrameAsync("Ann", screen: true, shared, TimeSpan.FromSeconds(15));
        output.WriteLine($"Share clicked → Bob decodes Ann's screen {bobSeesScreen.TotalMilliseconds:F0} ms, Cat {catSeesScreen.TotalMilliseconds:F0} ms; screen {await bob.VideoSizeAsync("Ann", true)}");
        await Assertions.Expect(bob.Tiles.Filter(new() { HasText = "Ann" })).ToContainTextAsync("sharing the screen");
        await bob.ScreenshotAsync(Path.Combine(Path.GetTempPath(), "bridge-video-room.png"));

        await ann.Page.GetByRole(AriaRole.Button, new() { Name = "Stop sharing" }).ClickAsync();
        await Assertions.Expect(bob.Tiles.Filter(new() { HasText = "Ann" })).Not.ToContainTextAsync("sharing the screen");
        output.WriteLine($"Test time: {test.Elapsed.TotalSeconds:F1} s");

        var log = bridge.ReadLog();
        Assert.DoesNotContain(BrowserInteropTests.Pin, log, StringComparison.Ordinal);
        foreach (var page in new[] { ann, bob, cat })
        {
            await page.CloseAsync();
        }

        _ = phone; // the phone hangs up by itself; the namespace's end stops it
        Skip.If(lateJoinNotJudged, string.Create(CultureInfo.InvariantCulture,
            $"late join not judged (all else passed): the first frame came {sinceConnected.TotalMilliseconds:F0} ms after the media connected on a machine overloaded before the test (load {loadBefore:F1} on {Environment.ProcessorCount} cores)"));
    }
}
