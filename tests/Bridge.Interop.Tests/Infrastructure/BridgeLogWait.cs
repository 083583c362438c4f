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

    /// <summary>How long a line the bridge has already written may take through its output pipe into the log file on a busy
    /// machine, with a wide margin: the waits below return as soon as the line is there.</summary>
    public static readonly TimeSpan LogDelivery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The log (from character <paramref name="from"/>) once it holds a line with each of <paramref name="lines"/>, for
    /// assertions on a snapshot after a peer saw the effect of something the bridge logs: the bridge logs, then sends (a
    /// BYE, a 403), and the peer can be done before the line has come through the bridge's output pipe. Fails the test
    /// when a line is not there within <see cref="LogDelivery"/>.
    /// </summary>
    public static async Task<string> LogWithAsync(this BridgeProcess bridge, int from, params string[] lines)
    {
        foreach (var line in lines)
        {
            await bridge.WaitForLinesAsync(1, LogDelivery, $"the log line \"{line}\"", from, line);
        }

        var log = bridge.ReadLog();
        return log[Math.Min(from, log.Length)..];
    }

    /// <summary>Asserts that the bridge logged a line containing <paramref name="text"/>, waiting up to
    /// <see cref="LogDelivery"/> for it to come through the output pipe.</summary>
    public static Task AssertLoggedAsync(this BridgeProcess bridge, string text, int from = 0) =>
        bridge.WaitForLinesAsync(1, LogDelivery, $"the log line \"{text}\"", from, text);

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
