using System.Diagnostics;
using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>Issue 11: glare (RFC 3261 §14.1) with sipp. The bridge offers only in its session-refresh re-INVITE (RFC 4028
/// §7.4: it is the refresher and the caller does not allow UPDATE), so the tests make it the refresher of a short
/// session and cross its re-INVITE with the caller's, both ways.</summary>
public sealed class GlareInteropTests
{
    private const string Expired = "session expired without a refresh";
    private const int SipPort = 17530;

    private static Dictionary<string, string> Values(int sessionSeconds) => new()
    {
        ["[se]"] = sessionSeconds.ToString(CultureInfo.InvariantCulture),
    };

    private static Task<BridgeProcess> StartBridgeAsync() =>
        BridgeProcess.StartAsync(SipPort, 43600, 43699, [$"--Bridge:Sip:SessionTimer:MinSeconds={SessionTimerBridgeFixture.MinimumSeconds}"]);

    private static int CountLog(BridgeProcess bridge, string text) =>
        bridge.ReadLog().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>The caller's re-INVITE with an offer, sent while the bridge's refresh offer is pending, gets 491; the
    /// bridge's own re-INVITE is then answered 200 and ACKed, and the call continues until the caller's BYE.</summary>
    [Fact]
    public async Task A_caller_offer_crossing_the_bridge_refresh_gets_491_and_the_refresh_completes()
    {
        await using var bridge = await StartBridgeAsync();
        var clock = Stopwatch.StartNew();

        var run = await Sipp.RunAsync("uac_glare.xml", $"127.0.0.1:{SipPort}", "4711", calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(30), Values(6));

        Assert.True(run.ExitCode == 0, "glare scenario failed (no 491, no refresh re-INVITE, or a BYE from the bridge):\n" + run.Output);
        Assert.Equal(1, run.Successful);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.5), "the refresh re-INVITE came before half the interval: " + clock.Elapsed);
        Assert.Equal(0, CountLog(bridge, Expired));
    }

    /// <summary>The caller answers the bridge's refresh re-INVITE with 491: the bridge keeps the call and retries the
    /// refresh after a random 0–2 s (§14.1: it does not own the Call-ID), but never past half the time left before the
    /// session expires (12 s session: refresh at 6 s, expiry at 8 s, so the retry leaves by 7 s). Before that cap a
    /// wait near 2 s lost the race with the expiry and CI saw the bridge's BYE.</summary>
    [Fact]
    public async Task A_491_to_the_bridge_refresh_is_retried_not_answered_with_BYE()
    {
        await using var bridge = await StartBridgeAsync();

        var run = await Sipp.RunAsync("uac_glare_491.xml", $"127.0.0.1:{SipPort}", "4711", calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(40), Values(12));

        Assert.True(run.ExitCode == 0, "491 scenario failed (the bridge hung up or never retried its refresh):\n" + run.Output);
        Assert.Equal(1, run.Successful);
        Assert.Equal(0, CountLog(bridge, Expired));
    }
}
