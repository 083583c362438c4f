using System.Diagnostics;
using Bridge.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 12: a PBX declared as a trunk (sipp sending from 127.0.0.2). 300 calls at 30/s go through it with none
/// refused while an undeclared source (127.0.0.3) sending the same load is still limited; one caller behind the
/// trunk who keeps guessing PINs is locked out (keyed on the P-Asserted-Identity the trunk asserts) while another
/// caller behind the same trunk still gets in; a P-Asserted-Identity from an undeclared source is ignored.
/// </summary>
public sealed class TrunkInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 19960;
    private const string Trunk = "127.0.0.2";
    private const string Undeclared = "127.0.0.3";
    private const string Right = "2,4,6,8,1,0,pound";
    private const string Wrong = "2,4,6,8,0,1,pound";

    private const string Plan = """
        trunks:
          - name: office-pbx
            match:
              addresses: ["127.0.0.2"]
            limits:
              calls: 300
              callsPerSecond: 50
            trustIdentity: true
            stripPrefix: "+49711"
        routes:
          - dialled: '/^7(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            name: "All hands"
            pin: "246810"
        """;

    [Fact]
    public async Task Three_hundred_calls_at_thirty_per_second_pass_a_declared_trunk_while_an_undeclared_source_is_still_limited()
    {
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 51000, 51999, [$"--Bridge:DialPlans={WritePlan()}"]);

        var clock = Stopwatch.StartNew();
        var trunk = await LoadAsync(Trunk, calls: 300);
        var trunkSeconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"trunk {Trunk}: {trunk.Successful} of 300 calls successful, {trunk.Failed} failed, in {trunkSeconds:F1} s (sipp -r 30 -l 60, 1 s hold)");
        Assert.True(trunk.Successful == 300 && trunk.Failed == 0, $"calls through the trunk: {trunk.Successful} successful, {trunk.Failed} failed\n{trunk.Output}");
        var log = bridge.ReadLog();
        Assert.DoesNotContain("refused with 503", log, StringComparison.Ordinal);
        Assert.DoesNotContain($"flood-ban source={Trunk}", log, StringComparison.Ordinal);

        var undeclared = await LoadAsync(Undeclared, calls: 150);
        log = bridge.ReadLog();
        var refused = PinLockoutInteropTests.Count(log, "refused with 503");
        var banned = log.Contains($"SECURITY flood-ban source={Undeclared}", StringComparison.Ordinal);
        output.WriteLine($"undeclared {Undeclared}: {undeclared.Successful} of 150 successful, {undeclared.Failed} failed; bridge: {refused} refused with 503, flood-banned: {banned}");
        Assert.True(undeclared.Failed > 0 && (refused > 0 || banned), $"the undeclared source was not limited: {undeclared.Successful} successful, {undeclared.Failed} failed");
    }

    [Fact]
    public async Task A_PIN_guesser_behind_the_trunk_locks_out_only_himself()
    {
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 51000, 51099, [$"--Bridge:DialPlans={WritePlan()}"]);

        // Extension 4711 guesses: the PBX puts a different From on each call, but asserts the same identity.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var scenario = attempt < 5 ? "uac_pin_caller_hangs_up.xml" : "uac_pin_bridge_hangs_up.xml";
            var wrong = await PinCallAsync(Trunk, scenario, $"line{attempt:D2}x", "4711", Wrong);
            Assert.True(wrong.ExitCode == 0, $"wrong-PIN call {attempt} failed:\n" + wrong.Output);
        }

        // The lockout is logged just before the BYE that ended sipp's 5th call: wait for it to come through the pipe.
        var log = await bridge.LogWithAsync(0, $"SECURITY pin-lockout source={Trunk} user=***711");
        Assert.Equal(5, PinLockoutInteropTests.Count(log, $"SECURITY pin-failure source={Trunk} user=***711"));
        Assert.Contains($"SECURITY pin-lockout source={Trunk} user=***711", log, StringComparison.Ordinal);

        // Still locked out with yet another From: the identity is the asserted one.
        var locked = await PinCallAsync(Trunk, "uac_pin_bridge_hangs_up.xml", "line99x", "4711", "");
        Assert.True(locked.ExitCode == 0, "the locked-out caller was not hung up on:\n" + locked.Output);

        // A colleague behind the same trunk gets in.
        var colleague = await PinCallAsync(Trunk, "uac_pin_caller_hangs_up.xml", "line07x", "4712", Right);
        Assert.True(colleague.ExitCode == 0, colleague.Output);

        // From an undeclared source the asserted identity means nothing: this caller is its From user, not 4711.
        var stranger = await PinCallAsync(Undeclared, "uac_pin_caller_hangs_up.xml", "alice0042", "4711", Right);
        Assert.True(stranger.ExitCode == 0, stranger.Output);

        log = await bridge.LogWithAsync(0, $"SECURITY pin-locked-out source={Trunk} user=***711");
        Assert.False(PinLockoutInteropTests.JoinedAs(log, "***711"), "the locked-out caller joined the room");
        Assert.Contains($"SECURITY pin-locked-out source={Trunk} user=***711", log, StringComparison.Ordinal);
        Assert.True(PinLockoutInteropTests.JoinedAs(log, "***712"), "the other caller behind the trunk could not join");
        Assert.True(PinLockoutInteropTests.JoinedAs(log, "***042"), "the undeclared caller was taken as the identity it asserted");
        Assert.DoesNotContain("pin-address-lockout", log, StringComparison.Ordinal);
        Assert.DoesNotContain("246810", log, StringComparison.Ordinal);
        output.WriteLine($"caller ***711 behind the trunk: 5 failures, locked out; caller ***712 behind the same trunk joined; undeclared {Undeclared} asserting 4711 taken as ***042 and joined");
    }

    private static string WritePlan()
    {
        var directory = Directory.CreateTempSubdirectory("dialplan-trunk-").FullName;
        File.WriteAllText(Path.Combine(directory, "trunk.yaml"), Plan);
        return directory;
    }

    /// <summary>Short calls from <paramref name="source"/> at 30/s, each with its own From user, held for a second.</summary>
    private static Task<Sipp.Run> LoadAsync(string source, int calls) =>
        SippRunner.RunAsync("uac_pin_caller_hangs_up.xml", $"127.0.0.1:{SipPort}", "74711", FreePorts.UdpBlock(2), FreePorts.UdpBlock(4),
            calls, rate: 30, limit: 60, TimeSpan.FromSeconds(90),
            new Dictionary<string, string> { ["FROMUSER"] = "caller[call_number]", ["DIGITS"] = "", ["HOLDMS"] = "1000" },
            ["-i", source, "-mi", source, "-max_invite_retrans", "3", "-max_non_invite_retrans", "3"]);

    /// <summary>One call from <paramref name="source"/> asserting <paramref name="asserted"/> (RFC 3325) and typing <paramref name="digits"/>.</summary>
    private static Task<Sipp.Run> PinCallAsync(string source, string scenario, string fromUser, string asserted, string digits)
    {
        var actions = PinLockoutInteropTests.DigitActions(digits, PinLockoutInteropTests.BargeInPauseMs);
        return SippRunner.RunAsync(scenario, $"127.0.0.1:{SipPort}", "74711", FreePorts.UdpBlock(2), FreePorts.UdpBlock(4), calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(45),
            new Dictionary<string, string>
            {
                ["FROMUSER"] = fromUser,
                ["DIGITS"] = actions,
                ["HOLDMS"] = (digits == Wrong ? PinLockoutInteropTests.WrongPinHoldMs : PinLockoutInteropTests.RightPinHoldMs).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Subject: Bridge interop"] = $"Subject: Bridge interop\n      P-Asserted-Identity: <sip:{asserted}@{source}>",
            },
            ["-i", source, "-mi", source]);
    }
}
