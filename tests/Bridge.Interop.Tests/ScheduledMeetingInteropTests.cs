using System.Diagnostics;
using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Scheduled meetings end on time: a baresip phone in a room whose scheduled meeting ends 15 s after the bridge
/// starts is hung up by the bridge at the end (Quartz fires the room's end), and a phone calling after the end is
/// refused after its PIN without ever joining. (The phone has joined ~3 s after the start in full runs; the end was
/// 30 s away, so the test idled ~25 s. A phone that cannot join before the end, on a machine too loaded, is a skip.)
/// </summary>
public sealed class ScheduledMeetingInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 19360;
    private const string Pin = "864213";
    private static readonly TimeSpan MeetingLeft = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public async Task A_caller_is_hung_up_when_the_scheduled_meeting_ends_and_a_later_caller_is_refused()
    {
        var now = DateTimeOffset.UtcNow;
        var end = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).Add(MeetingLeft);
        var start = end.AddMinutes(-5);
        var plans = Directory.CreateTempSubdirectory("dialplan-").FullName;
        File.WriteAllText(Path.Combine(plans, "scheduled.yaml"), $"""
            routes:
              - dialled: '/^7(\d{"{4}"})$/'
                room: "$1"
            rooms:
              - number: "4790"
                pin: "{Pin}"
                schedule:
                  - start: "{start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}"
                    duration: 5m
                    timeZone: Etc/UTC
            """);
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        WavFiles.Write(source, TestTones.Sine(700, 8000, 8000 * 90, amplitude: 8000), 8000);

        await using var bridge = await BridgeProcess.StartAsync(SipPort, 48000, 48999, ["--Bridge:DialPlans=" + plans]);
        // The scheduler is the last service to start, just after SIP answers.
        Assert.True(await WaitForLogAsync(bridge, "Room 4790: next scheduled event End at", TimeSpan.FromSeconds(15)), "the room's end was not planned:\n" + bridge.ReadLog());

        // During the meeting: the caller joins, and is hung up by the bridge when the meeting ends.
        await using (var early = await Baresip.StartAsync(19400, 4900, 29700, source, ";audio_codecs=PCMU/8000/1"))
        {
            await early.DialAsync($"sip:74790@127.0.0.1:{SipPort}");
            Assert.True(await early.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established");
            var earlyCall = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(19400), TimeSpan.FromSeconds(10));
            await bridge.WaitForPinPromptAsync(earlyCall, "4790", TimeSpan.FromSeconds(10));
            await early.SendDigitsAsync(Pin + "#");
            Assert.True(await WaitForLogAsync(bridge, "joined room 4790", TimeSpan.FromSeconds(15)), "the caller never joined:\n" + bridge.ReadLog());
            Skip.If(DateTimeOffset.UtcNow >= end - TimeSpan.FromSeconds(1),
                $"the caller joined at {DateTimeOffset.UtcNow:HH:mm:ss.fff}, too close to the meeting's end {end:HH:mm:ss.fff} to judge (machine too loaded)");

            var left = end - DateTimeOffset.UtcNow;
            Assert.True(await early.WaitForEventAsync("CALL_CLOSED", left + TimeSpan.FromSeconds(20)), "the bridge did not end the call");
            var closedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"meeting end {end:HH:mm:ss.fff}, call closed {closedAt:HH:mm:ss.fff}");
            Assert.True(closedAt >= end, $"the call was closed at {closedAt:HH:mm:ss.fff}, before the meeting's end {end:HH:mm:ss.fff}");
            await bridge.AssertLoggedAsync("Room 4790: the scheduled meeting is over (conference ended: True)");
        }

        // After the meeting: the right PIN is not enough.
        await using (var late = await Baresip.StartAsync(19402, 4901, 29800, source, ";audio_codecs=PCMU/8000/1"))
        {
            await late.DialAsync($"sip:74790@127.0.0.1:{SipPort}");
            Assert.True(await late.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established");
            var lateCall = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(19402), TimeSpan.FromSeconds(10));
            await bridge.WaitForPinPromptAsync(lateCall, "4790", TimeSpan.FromSeconds(10));
            await late.SendDigitsAsync(Pin + "#");
            Assert.True(await late.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(25)), "the late caller was not hung up");
        }

        var log = await bridge.LogWithAsync(0, "refused for room 4790: no meeting is scheduled now");
        Assert.Equal(1, log.Split('\n').Count(l => l.Contains("joined room 4790", StringComparison.Ordinal)));
    }

    private static async Task<bool> WaitForLogAsync(BridgeProcess bridge, string text, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (bridge.ReadLog().Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }
}
