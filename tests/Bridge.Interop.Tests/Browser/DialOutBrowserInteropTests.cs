using System.Diagnostics;
using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Skipping;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Dial-out from the room page (issue 12), in a network namespace with only <c>lo</c> like the other browser tests:
/// Kamailio (the PBX), the bridge registered to it as 7000, and baresip registered as extension 1001 all run in the
/// namespace (the scene of <see cref="KamailioDialOut"/>). A Chromium moderator clicks Call with 1001; 1001 answers,
/// presses 1, the page's status line says it joined and the roster lists it masked, <c>Phone ***001</c>.
/// </summary>
public sealed partial class DialOutBrowserInteropTests(ITestOutputHelper output)
{
    private const int PbxPort = 18992;
    private const int InvitedPort = 18996;

    [SkippableFact]
    public async Task A_browser_moderator_calls_a_registered_extension_which_joins_masked_in_the_roster()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        var clock = Stopwatch.StartNew();
        var users = new Dictionary<string, string> { ["7000"] = "Br1dge-7000", ["1001"] = "Ph0ne-1001" };
        var plans = await KamailioDialOut.WritePlanAsync(PbxPort, users["7000"], ringSeconds: 8);
        var (_, tone) = KamailioDialOut.WriteTones();
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var pbx = await KamailioPbx.StartAsync(PbxPort, users, "MD5", space.Name); // baresip 1.0 answers MD5 only
        await using var bridge = await BrowserInteropTests.StartBridgeAsync(space, $"--Bridge:DialPlans={plans}");
        await using var invited = await Baresip.StartAsync(InvitedPort, 4975, 32500, tone, ";audio_codecs=PCMU/8000/1", space: space.Name,
            account: Baresip.RegisteredAccount("1001", users["1001"], PbxPort, autoAnswer: true));
        await BrowserInteropTests.WaitForLogAsync(bridge, log => log.Contains("Trunk office-pbx: registered as 7000", StringComparison.Ordinal));
        Assert.True(await pbx.WaitForLineAsync("PBX register-saved user=1001", TimeSpan.FromSeconds(15)),
            "phone 1001 did not register at Kamailio:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));

        await using var chromium = await NamespacedChromium.LaunchAsync(space);
        var page = await RoomPage.OpenAsync(chromium.Browser, BrowserInteropTests.PageUrl);
        Skip.If(!await page.SignallingAvailableAsync(), "the bridge has no browser gateway: /ws answers 503");
        await page.JoinAsync(KamailioDialOut.ModeratorPin, "Mo");
        await Assertions.Expect(page.Participants).ToHaveCountAsync(1);
        output.WriteLine($"set-up (namespace, PBX, bridge, 1001 registered, moderator page in the room): {clock.Elapsed.TotalSeconds:F1} s");

        var step = clock.Elapsed;
        var from = bridge.ReadLog().Length;
        await page.CallPhoneAsync("1001");
        await BrowserInteropTests.WaitForLogAsync(bridge, log => log.IndexOf("dials ***001", from, StringComparison.Ordinal) >= 0
            || log.IndexOf("dial-out-refused", from, StringComparison.Ordinal) >= 0 || log.IndexOf("Signalling:", from, StringComparison.Ordinal) >= 0);
        var decided = bridge.ReadLog()[from..];
        Assert.True(decided.Contains("dials ***001 through trunk office-pbx", StringComparison.Ordinal), "the bridge did not dial 1001:\n" + decided);
        await Assertions.Expect(page.DialOutStatus).ToHaveTextAsync(Masked001());
        Assert.True(await invited.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "1001 did not answer the dial-out:\n" + string.Join("\n", pbx.Lines.TakeLast(30)));
        await BrowserInteropTests.WaitForLogAsync(bridge, log => log.IndexOf("starts: Invited", from, StringComparison.Ordinal) >= 0);
        await invited.SendDigitsAsync("1");

        await Assertions.Expect(page.DialOutStatus).ToHaveTextAsync("***001 joined the room.");
        await Assertions.Expect(page.Participants).ToHaveCountAsync(2);
        Assert.Contains(await page.Participants.AllInnerTextsAsync(), item => item.StartsWith("Phone ***001", StringComparison.Ordinal));
        output.WriteLine($"Call to joined and listed: {(clock.Elapsed - step).TotalSeconds:F1} s; total {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains("user=1001", string.Join("\n", pbx.Lines), StringComparison.Ordinal);
        Assert.DoesNotContain("1001", bridge.ReadLog()[from..], StringComparison.Ordinal); // numbers only masked
        await page.LeaveAsync();
    }

    [GeneratedRegex(@"\*\*\*001")]
    private static partial Regex Masked001();
}
