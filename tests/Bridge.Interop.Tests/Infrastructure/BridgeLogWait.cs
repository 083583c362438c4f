using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// Awaiting the bridge's log instead of sleeping: each wait polls the console log until the line is there and
/// fails the test (on the test thread) with what did not happen when it is not there in time.
/// </summary>
public static partial class BridgeLogWait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="count"/> log lines (after character <paramref name="from"/>) contain all of
    /// <paramref name="fragments"/>; returns the last of them.</summary>
    public static async Task<string> WaitForLinesAsync(this BridgeProcess bridge, int count, TimeSpan limit, string what, int from, params string[] fragments)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var log = bridge.ReadLog();
            var lines = log[Math.Min(from, log.Length)..].Split('\n')
                .Where(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal))).ToArray();
            if (lines.Length >= count)
            {
                return lines[count - 1];
            }

            Assert.True(clock.Elapsed < limit, $"{what} did not happen within {limit.TotalSeconds:F0} s (no log line with \"{string.Join("\" and \"", fragments)}\" #{count}):\n{log}");
            Assert.False(bridge.HasExited, $"the bridge exited while waiting for: {what}\n{log}");
            await Task.Delay(Poll);
        }
    }

    /// <summary>Waits for one log line containing all of <paramref name="fragments"/>.</summary>
    public static Task<string> WaitForLineAsync(this BridgeProcess bridge, TimeSpan limit, string what, params string[] fragments) =>
        bridge.WaitForLinesAsync(1, limit, what, 0, fragments);

    /// <summary>
    /// The Call-ID of the latest call whose From user ends in <paramref name="userTail"/> (the log masks the rest as
    /// <c>***NNN</c>), once its "Call X from ***NNN starts" line is logged after character <paramref name="from"/>.
    /// </summary>
    public static async Task<string> WaitForCallStartAsync(this BridgeProcess bridge, string userTail, TimeSpan limit, int from = 0)
    {
        var line = await bridge.WaitForLinesAsync(1, limit, $"the bridge starting the call from ***{userTail}", from, $" from ***{userTail} starts");
        return CallStart().Match(line).Groups["id"].Value;
    }

    /// <summary>Waits until the call is taking PIN digits for <paramref name="room"/> (the IVR's "asks for the PIN" line).</summary>
    public static Task<string> WaitForPinPromptAsync(this BridgeProcess bridge, string callId, string room, TimeSpan limit) =>
        bridge.WaitForLineAsync(limit, $"call {callId} being asked for the PIN of room {room}", $"Call {callId} asks for the PIN of room {room}");

    /// <summary>The masked user tail the bridge logs for a baresip phone on <paramref name="sipPort"/> (user <c>phone{port}</c>).</summary>
    public static string PhoneUserTail(int sipPort) => (sipPort % 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Call (?<id>\S+) from \*\*\*\S{3} starts")]
    private static partial Regex CallStart();
}
