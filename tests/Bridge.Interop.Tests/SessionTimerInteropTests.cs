using System.Diagnostics;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>Issue 11: session timers (RFC 4028), reliable provisional responses (RFC 3262), unknown URI schemes
/// (RFC 3261 §8.2.2.1), multipart INVITE bodies (RFC 5621) and a bridge behind 1:1 NAT against sipp.</summary>
public sealed class SessionTimerInteropTests(SessionTimerBridgeFixture fixture) : IClassFixture<SessionTimerBridgeFixture>
{
    private const string Expired = "session expired without a refresh";
    private const int SessionSeconds = 6; // expires 6 - 6/3 = 4 s after the last refresh (RFC 4028 §10)

    private static Dictionary<string, string> Values => new()
    {
        ["[se]"] = SessionSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["[refresh_ms]"] = "2500",
        ["[too_small]"] = "2",
        ["[min_se]"] = SessionTimerBridgeFixture.MinimumSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private Task<Sipp.Run> RunAsync(string scenario, TimeSpan limit) =>
        Sipp.RunAsync(scenario, fixture.Target, "4711", calls: 1, rate: 1, limit: 1, limit, Values);

    [Fact]
    public async Task A_caller_refreshing_by_UPDATE_keeps_the_call_past_the_session_interval()
    {
        var expiredBefore = fixture.CountLog(Expired);
        var clock = Stopwatch.StartNew();

        var run = await RunAsync("uac_session_timer_refresh.xml", TimeSpan.FromSeconds(40));

        Assert.True(run.ExitCode == 0, "refresh scenario failed:\n" + run.Output);
        Assert.Equal(1, run.Successful);
        Assert.True(clock.Elapsed > TimeSpan.FromSeconds(7.5), "the call must outlive the 4 s expiry: " + clock.Elapsed);
        Assert.Equal(expiredBefore, fixture.CountLog(Expired));
    }

    [Fact]
    public async Task An_unrefreshed_session_is_ended_by_the_bridge_with_BYE()
    {
        var expiredBefore = fixture.CountLog(Expired);
        var clock = Stopwatch.StartNew();

        var run = await RunAsync("uac_session_timer_expiry.xml", TimeSpan.FromSeconds(40));

        Assert.True(run.ExitCode == 0, "expiry scenario failed (no BYE from the bridge?):\n" + run.Output);
        Assert.Equal(1, run.Successful);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(4), "BYE before the session expired: " + clock.Elapsed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "BYE long after the session expired: " + clock.Elapsed);
        var deadline = Stopwatch.StartNew();
        while (fixture.CountLog(Expired) == expiredBefore && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100); // the log file is written by another process: poll for the line
        }

        Assert.Equal(expiredBefore + 1, fixture.CountLog(Expired));
    }

    /// <summary>Scenarios judged by sipp alone: any other answer than the one scripted fails the call.</summary>
    [Theory]
    [InlineData("uac_session_timer_422.xml")] // Session-Expires 2 → 422 with Min-SE 4; the retry with 4 is answered
    [InlineData("uac_100rel.xml")] // Require: 100rel → 180 with Require: 100rel and RSeq; PRACK → 200; then 200 INVITE
    [InlineData("uac_options_unknown_scheme.xml")] // OPTIONS zzz:nothing-here → 416
    [InlineData("uac_multipart_invite.xml")] // multipart/mixed SDP + optional ISUP → 200 with SDP
    public async Task The_scripted_exchange_completes(string scenario)
    {
        var run = await RunAsync(scenario, TimeSpan.FromSeconds(30));

        Assert.True(run.ExitCode == 0, scenario + " failed:\n" + run.Output);
        Assert.Equal(1, run.Successful);
    }

    /// <summary>NAT: a bridge behind 1:1 NAT (here: advertised 127.0.0.2, bound to 127.0.0.1) writes the public address
    /// into Contact and SDP, and a caller whose Contact names a private address (127.0.0.3:5999, where nothing listens)
    /// still gets the bridge's BYE, at the address its requests came from (RFC 3581 rport).</summary>
    [Fact]
    public async Task Behind_NAT_the_bridge_advertises_its_public_address_and_reaches_the_caller_by_rport()
    {
        await using var natBridge = await BridgeProcess.StartAsync(17480, 43200, 43299,
        [
            $"--Bridge:Sip:SessionTimer:MinSeconds={SessionTimerBridgeFixture.MinimumSeconds}",
            "--Bridge:Sip:AdvertisedAddress=127.0.0.2",
            "--Bridge:Media:PublicAddress=127.0.0.2",
        ]);
        var values = Values;
        values["[public]"] = "127.0.0.2";
        values["[private_contact]"] = "127.0.0.3:5999";

        var run = await Sipp.RunAsync("uac_nat_session.xml", "127.0.0.1:17480", "4711", calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(40), values);

        Assert.True(run.ExitCode == 0, "NAT scenario failed (public address missing, or the BYE went to the Contact):\n" + run.Output);
        Assert.Equal(1, run.Successful);
    }
}
