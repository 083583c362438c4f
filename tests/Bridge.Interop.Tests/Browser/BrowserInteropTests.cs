using System.Diagnostics;
using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Skipping;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Issue 9 with a real browser: the published bridge, a sipp phone and Chromium (Playwright) in a network namespace
/// with only loopback. The page is used by its labels; the PIN policy is the phones' (a browser's wrong PINs lock its
/// address out for phones too); the roster shows a phone as <c>Phone ***NNN</c>. Needs the bridge's browser gateway
/// (the media side of issue 9): without it the socket answers 503 and the tests report a skip saying so.
/// </summary>
public sealed class BrowserInteropTests(ITestOutputHelper output)
{
    internal const int SipPort = 5060;
    private const int WebPort = 18080;
    internal const string Room = "4711";
    internal const string Pin = "246810";
    internal static readonly string PageUrl = $"http://127.0.0.1:{WebPort.ToString(CultureInfo.InvariantCulture)}/rooms/{Room}";

    static BrowserInteropTests() => Assertions.SetDefaultExpectTimeout(20_000);

    [SkippableFact]
    public async Task Wrong_PINs_from_a_browser_show_the_alert_then_lock_its_address_out_for_phones_too()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await StartBridgeAsync(space, "--Bridge:Security:PinFailuresPerAddress=3");
        await using var chromium = await NamespacedChromium.LaunchAsync(space);
        var page = await RoomPage.OpenAsync(chromium.Browser, PageUrl);
        Skip.If(!await page.SignallingAvailableAsync(), "the bridge has no browser gateway yet (issue 9 media side): /ws answers 503");
        Assert.Equal(Room, await page.RoomNumberAsync());

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await page.JoinAsync("864209", "Mallory Quist");
            // The failure that reaches the policy's limit already answers with the lockout, as the phone hears it.
            await Assertions.Expect(page.Alert).ToHaveTextAsync(attempt < 3 ? "Wrong PIN or unknown room." : "Too many wrong PINs from your address. Try again later.");
            await WaitForLogAsync(bridge, log => PinLockoutInteropTests.Count(log, "SECURITY pin-failure source=127.0.0.1") >= attempt);
        }

        // The third wrong PIN reaches the address's limit (as the phone that reaches it is hung up on), and from then
        // on the browser is told so even with the right PIN.
        await page.JoinAsync("864209", "Mallory Quist");
        await Assertions.Expect(page.Alert).ToContainTextAsync("Too many wrong PINs");
        await WaitForLogAsync(bridge, log => log.Contains("SECURITY pin-address-lockout source=127.0.0.1", StringComparison.Ordinal));
        await page.JoinAsync(Pin, "Mallory Quist");
        await WaitForLogAsync(bridge, log => log.Contains("SECURITY pin-locked-out source=127.0.0.1", StringComparison.Ordinal));
        await Assertions.Expect(page.Alert).ToContainTextAsync("Too many wrong PINs");
        await page.ScreenshotAsync(Path.Combine(Path.GetTempPath(), "bridge-browser-locked.png"));

        // A phone from the same address is refused before it may type anything, and hung up on.
        var phone = await NamespacedSipp.RunAsync(space.Name, "uac_pin_bridge_hangs_up.xml", $"127.0.0.1:{SipPort}", "7" + Room, TimeSpan.FromSeconds(45),
            new Dictionary<string, string> { ["FROMUSER"] = "desk0099", ["DIGITS"] = "", ["HOLDMS"] = "4000" }, bindAddress: "127.0.0.1");
        Assert.True(phone.ExitCode == 0, "the phone at the locked-out address was not hung up on:\n" + phone.Output);

        // Logged just before the BYE that ended sipp's call: wait for the line to come through the bridge's output pipe.
        await WaitForLogAsync(bridge, log => log.Contains("SECURITY pin-locked-out source=127.0.0.1 user=***099", StringComparison.Ordinal));
        var log = bridge.ReadLog();
        Assert.Equal(3, PinLockoutInteropTests.Count(log, "SECURITY pin-failure source=127.0.0.1"));
        Assert.Contains("SECURITY pin-address-lockout source=127.0.0.1", log, StringComparison.Ordinal);
        Assert.Contains("SECURITY pin-locked-out source=127.0.0.1 user=***099", log, StringComparison.Ordinal);
        Assert.False(PinLockoutInteropTests.JoinedAs(log, "***099"), "the phone at the locked-out address joined the room");
        Assert.DoesNotContain("864209", log, StringComparison.Ordinal);
        Assert.DoesNotContain(Pin, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_browser_joins_a_phone_in_the_room_and_sees_it_masked_in_the_live_roster()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await StartBridgeAsync(space);
        await using var chromium = await NamespacedChromium.LaunchAsync(space);
        var page = await RoomPage.OpenAsync(chromium.Browser, PageUrl);
        Skip.If(!await page.SignallingAvailableAsync(), "the bridge has no browser gateway yet (issue 9 media side): /ws answers 503");

        // A phone (From user phone0242) dials 74711, types the PIN and stays 25 s.
        var phone = NamespacedSipp.RunAsync(space.Name, "uac_pin_caller_hangs_up.xml", $"127.0.0.1:{SipPort}", "7" + Room, TimeSpan.FromSeconds(60),
            new Dictionary<string, string>
            {
                ["FROMUSER"] = "phone0242",
                ["DIGITS"] = PinLockoutInteropTests.DigitActions("2,4,6,8,1,0,pound"),
                ["HOLDMS"] = "25000",
            },
            bindAddress: "127.0.0.1");
        await WaitForLogAsync(bridge, log => PinLockoutInteropTests.JoinedAs(log, "***242"));

        var clock = Stopwatch.StartNew();
        await page.JoinAsync(Pin, "Ann");
        var firstAudio = await page.FirstAudioPacketAsync(clock, TimeSpan.FromSeconds(20));
        output.WriteLine($"Join clicked → first audio packet received by the page: {firstAudio.TotalMilliseconds:F0} ms ({await page.JoinTimelineAsync()})");

        await Assertions.Expect(page.Participants.Filter(new() { HasText = "Ann (you" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Participants.Filter(new() { HasText = "Phone ***242" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Participants).ToHaveCountAsync(2);
        await Assertions.Expect(page.Status).ToContainTextAsync("Connected");
        foreach (var item in await page.Participants.AllInnerTextsAsync())
        {
            Assert.DoesNotContain("0242", item, StringComparison.Ordinal);
        }

        await page.ScreenshotAsync(Path.Combine(Path.GetTempPath(), "bridge-browser-roster.png"));

        // The phone hangs up: the roster follows.
        var run = await phone;
        Assert.True(run.ExitCode == 0, "the phone's call failed:\n" + run.Output);
        await Assertions.Expect(page.Participants).ToHaveTextAsync([new System.Text.RegularExpressions.Regex(@"^Ann \(you(, talking)?\)$")]);

        await page.LeaveAsync();
        await Assertions.Expect(page.Participants).ToHaveCountAsync(0);
        Assert.DoesNotContain(Pin, bridge.ReadLog(), StringComparison.Ordinal);
        Assert.DoesNotContain("Ann", bridge.ReadLog().Replace("Announce", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    internal static Task<NamespacedBridge> StartBridgeAsync(LoopbackNamespace space, params string[] arguments) =>
        NamespacedBridge.StartAsync(space.Name, SipPort, 20000, 20199,
            [$"--Bridge:Web:Http=127.0.0.1:{WebPort.ToString(CultureInfo.InvariantCulture)}", "--Bridge:Web:Https=", .. arguments], bindAddress: "127.0.0.1");

    internal static async Task WaitForLogAsync(NamespacedBridge bridge, Func<string, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition(bridge.ReadLog()))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the bridge's log did not show it in 30 s:\n" + bridge.ReadLog());
            await Task.Delay(100);
        }
    }
}
