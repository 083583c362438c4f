using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #8: an attacker rotating its From user from one address stops at the per-address limit (small here:
/// <c>PinFailuresPerAddress=3</c>), long before any one From user reaches its own lockout; then even a right PIN from a
/// fresh From user at that address gets no check. The SECURITY line matches the fail2ban filter. A declared PBX address
/// (<c>TrustedPbxAddresses</c>) is exempt.
/// </summary>
public sealed class PinAddressLimitInteropTests
{
    private const int SipPort = 19760;
    private const string Right = "2,4,6,8,1,0,pound";
    private const string Wrong = "2,4,6,8,0,1,pound";

    [Fact]
    public async Task Rotating_From_users_from_one_address_stops_at_the_per_address_limit()
    {
        var data = Directory.CreateTempSubdirectory("bridge-address-limit-").FullName;
        var plan = SecurityDialPlan.Write();
        string[] arguments = [$"--Bridge:DialPlans={plan}", "--Bridge:Security:PinFailuresPerAddress=3"];

        await using (var bridge = await BridgeProcess.StartAsync(SipPort, 49400, 49449, arguments, data))
        {
            for (var i = 1; i <= 3; i++)
            {
                // One wrong PIN per From user: the per-user lockout (5) is never near. The 3rd failure locks the address.
                var scenario = i < 3 ? "uac_pin_caller_hangs_up.xml" : "uac_pin_bridge_hangs_up.xml";
                var run = await PinLockoutInteropTests.CallAsync(SipPort, scenario, $"rotate{i:00}", Wrong, PinLockoutInteropTests.WrongPinHoldMs);
                Assert.True(run.ExitCode == 0, $"wrong-PIN call {i} failed:\n" + run.Output);
            }

            // A fresh From user at that address is not even asked for a PIN: "not possible", goodbye, BYE.
            var fresh = await PinLockoutInteropTests.CallAsync(SipPort, "uac_pin_bridge_hangs_up.xml", "rotate99", "", PinLockoutInteropTests.RightPinHoldMs);
            Assert.True(fresh.ExitCode == 0, "the caller from the locked address was not hung up on:\n" + fresh.Output);

            // Both lines are logged just before the BYEs that ended sipp's calls: wait for them to come through the pipe.
            var log = await bridge.LogWithAsync(0, "SECURITY pin-address-lockout source=127.0.0.1", "SECURITY pin-locked-out source=127.0.0.1 user=***e99");
            Assert.Equal(3, PinLockoutInteropTests.Count(log, "SECURITY pin-failure source=127.0.0.1"));
            Assert.DoesNotContain("SECURITY pin-lockout ", log, StringComparison.Ordinal); // no From user was locked out itself
            Assert.Contains("SECURITY pin-address-lockout source=127.0.0.1 user=***e03 room=4711 count=3 minutes=60", log, StringComparison.Ordinal);
            Assert.Contains("SECURITY pin-locked-out source=127.0.0.1 user=***e99", log, StringComparison.Ordinal);
            Assert.False(PinLockoutInteropTests.JoinedAs(log, "***e99"), "a caller from the locked address joined the room");
            Assert.DoesNotContain("246810", log, StringComparison.Ordinal);

            // fail2ban reads the log files: its filter matches the new line.
            var filter = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "service", "fail2ban", "bridge.conf"))
                .Single(l => l.StartsWith("failregex = ", StringComparison.Ordinal))["failregex = ".Length..]
                .Replace("<HOST>", @"(?<host>\S+)", StringComparison.Ordinal);
            // The bridge writes its file after its console line (Serilog's sinks in order): wait for the file's line too.
            string[] lines = [];
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((lines = Directory.GetFiles(Path.Combine(data, "logs"), "bridge-*.log")
                .SelectMany(f => ReadShared(f).Split('\n'))
                .Where(l => l.Contains("SECURITY pin-address-lockout", StringComparison.Ordinal)).ToArray()).Length == 0 && clock.Elapsed < BridgeLogWait.LogDelivery)
            {
                await Task.Delay(100);
            }

            var line = Assert.Single(lines);
            var match = Regex.Match(line.TrimEnd('\r'), filter);
            Assert.True(match.Success, "the fail2ban filter does not match: " + line);
            Assert.Equal("127.0.0.1", match.Groups["host"].Value);
        }

        // The address lockout is kept across a restart, and a declared PBX address is exempt from it.
        await using (var trusted = await BridgeProcess.StartAsync(SipPort, 49400, 49449, [.. arguments, "--Bridge:Security:TrustedPbxAddresses=127.0.0.1"], data))
        {
            var before = trusted.ReadLog().Length;
            var colleague = await PinLockoutInteropTests.CallAsync(SipPort, "uac_pin_caller_hangs_up.xml", "alice0042", Right, PinLockoutInteropTests.RightPinHoldMs);
            Assert.True(colleague.ExitCode == 0, colleague.Output);
            var joined = await trusted.LogWithAsync(before, "joined room");
            Assert.True(PinLockoutInteropTests.JoinedAs(joined, "***042"), "a caller from a declared PBX address could not join");
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
