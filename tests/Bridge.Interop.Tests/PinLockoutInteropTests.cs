using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #5: PIN brute force across calls. A source is (IP address, From user): after its 5th wrong PIN
/// even the right PIN is refused; another From user at the same IP still gets in; a restart keeps the lockout.
/// </summary>
public sealed partial class PinLockoutInteropTests
{
    private const int SipPort = 19160;
    private const string Right = "2,4,6,8,1,0,pound";
    private const string Wrong = "2,4,6,8,0,1,pound";

    /// <summary>How long a caller with a wrong PIN stays after its '#': the check takes milliseconds (the failure line is
    /// logged ~0.2 s after the '#' in a full run), so 2 s leaves ten times that; it was 4 s.</summary>
    internal const int WrongPinHoldMs = 2000;

    /// <summary>How long a caller with the right PIN stays after its '#': long enough to be checked and join the room.</summary>
    internal const int RightPinHoldMs = 4000;

    /// <summary>The pause between the call's answer and the first digit. The IVR takes digits while the "enter PIN"
    /// prompt plays (barge-in, CallSession.OnEntryDigit) and asks for the PIN as it answers, so there is no prompt to
    /// wait for; was 2.5 s.</summary>
    internal const int BargeInPauseMs = 300;

    [Fact]
    public async Task Five_wrong_PINs_lock_the_source_out_across_calls_and_a_restart_but_not_another_user()
    {
        var root = Environment.GetEnvironmentVariable("BRIDGE_TEST_LOG_ROOT");
        var data = string.IsNullOrEmpty(root)
            ? Directory.CreateTempSubdirectory("bridge-lockout-").FullName
            : Directory.CreateDirectory(Path.Combine(root, "bridge-lockout")).FullName;
        var plan = SecurityDialPlan.Write();
        string[] arguments = [$"--Bridge:DialPlans={plan}"];

        await using (var bridge = await BridgeProcess.StartAsync(SipPort, 49000, 49499, arguments, data))
        {
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                // Each call tries one wrong PIN and hangs up; the 5th failure locks the source, and the bridge hangs up itself.
                var scenario = attempt < 5 ? "uac_pin_caller_hangs_up.xml" : "uac_pin_bridge_hangs_up.xml";
                var wrong = await CallAsync(scenario, "mallory01", Wrong, WrongPinHoldMs);
                Assert.True(wrong.ExitCode == 0, $"wrong-PIN call {attempt} failed:\n" + wrong.Output);
            }

            // The lockout is logged just before the BYE that ended sipp's 5th call: wait for it to come through the pipe.
            var log = await bridge.LogWithAsync(0, "SECURITY pin-lockout source=127.0.0.1 user=***y01");
            Assert.Equal(5, Count(log, "SECURITY pin-failure source=127.0.0.1 user=***y01"));
            Assert.Contains("SECURITY pin-lockout source=127.0.0.1 user=***y01", log, StringComparison.Ordinal);

            // The locked source: refused before it may type anything, and the bridge hangs up.
            var locked = await CallAsync("uac_pin_bridge_hangs_up.xml", "mallory01", "", RightPinHoldMs);
            Assert.True(locked.ExitCode == 0, "the locked-out caller was not hung up on:\n" + locked.Output);

            // Another user behind the same IP (a PBX) is not affected.
            var colleague = await CallAsync("uac_pin_caller_hangs_up.xml", "alice0042", Right, RightPinHoldMs);
            Assert.True(colleague.ExitCode == 0, colleague.Output);

            log = await bridge.LogWithAsync(0, "SECURITY pin-locked-out source=127.0.0.1 user=***y01", "joined room");
            Assert.False(JoinedAs(log, "***y01"), "the locked-out source joined the room");
            Assert.Contains("SECURITY pin-locked-out source=127.0.0.1 user=***y01", log, StringComparison.Ordinal);
            Assert.True(JoinedAs(log, "***042"), "the other user at the same address could not join");
            Assert.DoesNotContain("246810", log, StringComparison.Ordinal);
        }

        // A restart keeps the lockout: it is stored under Bridge:Data.
        await using (var restarted = await BridgeProcess.StartAsync(SipPort, 49000, 49499, arguments, data))
        {
            var logBefore = restarted.ReadLog().Length;
            var again = await CallAsync("uac_pin_bridge_hangs_up.xml", "mallory01", "", RightPinHoldMs);
            Assert.True(again.ExitCode == 0, "after a restart the locked-out caller was not hung up on:\n" + again.Output);
            var after = await restarted.LogWithAsync(logBefore, "SECURITY pin-locked-out source=127.0.0.1 user=***y01");
            Assert.False(JoinedAs(after, "***y01"), "the lockout did not survive the restart");
            Assert.Contains("SECURITY pin-locked-out source=127.0.0.1 user=***y01", after, StringComparison.Ordinal);
        }
    }

    private static Task<Sipp.Run> CallAsync(string scenario, string fromUser, string digits, int holdMs) =>
        CallAsync(SipPort, scenario, fromUser, digits, holdMs);

    /// <summary>One sipp call from <paramref name="fromUser"/> to room 4711 of the bridge on <paramref name="sipPort"/>, typing
    /// <paramref name="digits"/> right after the answer (barge-in) and, in uac_pin_caller_hangs_up.xml, hanging up
    /// <paramref name="holdMs"/> after them.</summary>
    internal static Task<Sipp.Run> CallAsync(int sipPort, string scenario, string fromUser, string digits, int holdMs)
    {
        return Sipp.RunAsync(scenario, $"127.0.0.1:{sipPort}", "74711", calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(45),
            new Dictionary<string, string>
            {
                ["FROMUSER"] = fromUser,
                ["DIGITS"] = DigitActions(digits, BargeInPauseMs),
                ["HOLDMS"] = holdMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    /// <summary>The sipp actions that pause <paramref name="pauseMs"/> (by default 2.5 s, the length of the "enter PIN"
    /// prompt), then type <paramref name="digits"/> as RFC 4733 events; with no digits, nothing (the caller just waits
    /// for what the bridge does).</summary>
    internal static string DigitActions(string digits, int pauseMs = 2500) =>
        digits.Length == 0 ? "" : $"  <pause milliseconds=\"{pauseMs}\" />\n" + string.Concat(digits.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d =>
            $"  <nop>\n    <action>\n      <exec play_pcap_audio=\"/usr/share/sip-tester/dtmf_2833_{d}.pcap\" />\n    </action>\n  </nop>\n  <pause milliseconds=\"400\" />\n"));

    internal static int Count(string log, string text) => log.Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>Whether a call from the masked user joined a room: its start line gives the Call-ID, the join line that Call-ID.</summary>
    internal static bool JoinedAs(string log, string maskedUser)
    {
        var calls = StartLine().Matches(log).Where(m => m.Groups[2].Value == maskedUser).Select(m => m.Groups[1].Value).ToHashSet();
        return JoinLine().Matches(log).Any(m => calls.Contains(m.Groups[1].Value));
    }

    [GeneratedRegex(@"Call (\S+) from (\S+) starts")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"Call (\S+) joined room")]
    private static partial Regex JoinLine();
}
