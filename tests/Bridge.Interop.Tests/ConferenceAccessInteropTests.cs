using System.Diagnostics;
using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #4: getting into a room by its direct number (<c>7XXXX</c>) and the PIN, with real peers: linphonec
/// keying the PIN as SIP INFO <c>application/dtmf-relay</c>, sipp as RFC 4733 events (one SSRC per digit),
/// and a baresip caller who keeps getting the PIN wrong and is sent away without ever hearing the room.
/// A baresip phone playing 1 kHz sits in room 4711 throughout (<see cref="ConferenceAccessFixture"/>).
/// </summary>
public sealed partial class ConferenceAccessInteropTests(ConferenceAccessFixture fixture, ITestOutputHelper output)
    : IClassFixture<ConferenceAccessFixture>
{
    /// <summary>A listening window, not a wait for an event: how long the admitted caller stays in the room so its
    /// recording holds the last 4.5 s of room audio the test measures.</summary>
    private static readonly TimeSpan RoomListening = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task Linphone_keys_the_PIN_as_SIP_INFO_joins_room_4711_and_hears_the_room()
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "linphone440.wav");
        WavFiles.Write(source, TestTones.Sine(440, 8000, 8000 * 90, amplitude: 8000), 8000);

        await using var phone = await Linphone.StartAsync(17110, 26000, source, useInfo: true);
        await phone.CallAsync(fixture.Uri("74711"));
        Assert.True(await phone.WaitForOutputAsync("connected", TimeSpan.FromSeconds(15)), "linphonec's call was not connected:\n" + phone.Console);
        var clock = Stopwatch.StartNew();

        var callId = await WaitForCallIdAsync("110", TimeSpan.FromSeconds(5));
        await fixture.Bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(10));
        await phone.SendDigitsAsync("246810");
        // Until '#' is sent the PIN is incomplete: all the caller can have heard is prompts (barge-in stops them).
        var pinAt = clock.Elapsed.TotalSeconds;
        await phone.SendDigitsAsync("#");
        Assert.True(await WaitForLogAsync($"Call {callId} joined room 4711 as Participant", TimeSpan.FromSeconds(10)),
            $"linphonec's call {callId} did not join room 4711 with the PIN sent as SIP INFO:\n{fixture.Bridge.ReadLog()}\n--- linphonec ---\n{phone.Console}");
        var joinedAt = clock.Elapsed.TotalSeconds;

        await Task.Delay(RoomListening);
        await phone.TerminateAsync();
        Assert.True(await phone.WaitForOutputAsync("ended", TimeSpan.FromSeconds(10)), "linphonec did not end its call:\n" + phone.Console);
        var (pcm, rate) = WavFiles.Read(await phone.WaitForRecordingAsync(TimeSpan.FromSeconds(10)));
        var end = pcm.Length / (double)rate;
        output.WriteLine($"linphonec recording: {end:F1} s at {rate} Hz; PIN started at {pinAt:F1} s, joined at {joinedAt:F1} s");

        // The last 4.5 s were in the room: the room phone's 1 kHz is there, block after block.
        var heard = ToneAnalysis.ToneBlocks(pcm, rate, end - 5, end - 0.5, ConferenceAccessFixture.RoomTone);
        var level = ToneAnalysis.Level(pcm, rate, end - 5, end - 0.5, ConferenceAccessFixture.RoomTone);
        output.WriteLine($"1 kHz in the room: {heard} of 22 blocks, {level:F1} dBFS");
        Assert.True(heard >= 15, $"linphonec heard the room's 1 kHz in only {heard} of 22 blocks ({level:F1} dBFS)");

        // Before its PIN was complete it heard prompts only (0.5 s short of it: a recording loses time when packets come late).
        var before = ToneAnalysis.ToneBlocks(pcm, rate, 0, pinAt - 0.5, ConferenceAccessFixture.RoomTone);
        Assert.True(before == 0, $"linphonec heard the room's 1 kHz in {before} blocks before entering its PIN");
    }

    [Fact]
    public async Task Sipp_keys_the_PIN_as_RFC4733_events_with_a_new_SSRC_per_digit_and_joins_room_4711()
    {
        var prefix = "pin2833-" + Guid.NewGuid().ToString("N")[..8];
        var run = await SippRunner.RunAsync("uac_pin_2833.xml", $"127.0.0.1:{ConferenceAccessFixture.SipPort}", "74711",
            sipPort: 17150, mediaPort: 26400, calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(40),
            new Dictionary<string, string> { ["[dialled]"] = "[service]", ["[fromuser]"] = "sipp2833", ["[hold]"] = "3000" },
            ["-cid_str", prefix + "-%u@%s"]);

        Assert.True(run.ExitCode == 0, "sipp PIN call failed:\n" + run.Output);
        Assert.Equal(1, run.Successful);
        await fixture.Bridge.AssertLoggedAsync($"Call {prefix}-1@127.0.0.1 joined room 4711 as Participant");
    }

    [Fact]
    public async Task Three_wrong_PINs_end_in_goodbye_and_a_BYE_from_the_bridge_without_a_moment_of_room_audio()
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "caller440.wav");
        WavFiles.Write(source, TestTones.Sine(440, 8000, 8000 * 90, amplitude: 8000), 8000);

        await using var phone = await Baresip.StartAsync(17120, 4601, 26200, source, ";audio_codecs=PCMU/8000/1");
        await phone.DialAsync(fixture.Uri("74711"));
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established: " + string.Join('\n', phone.Events));
        var clock = Stopwatch.StartNew();
        var callId = await WaitForCallIdAsync("120", TimeSpan.FromSeconds(5));

        await fixture.Bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(10));
        await phone.SendDigitsAsync("111111#");
        // Digits typed while a PIN is being checked are ignored: the next try waits for the verdict on this one.
        await fixture.Bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(15), "the first wrong PIN being counted", 0, "SECURITY pin-failure", "user=***120", "count=1");
        await phone.SendDigitsAsync("222222#");
        await fixture.Bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(15), "the second wrong PIN being counted", 0, "SECURITY pin-failure", "user=***120", "count=2");
        var thirdAt = clock.Elapsed.TotalSeconds;
        await phone.SendDigitsAsync("333333#");

        // The bridge hangs up: we never do.
        Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(20)),
            $"the bridge did not end the call after three wrong PINs:\n{string.Join('\n', phone.Events)}\n{fixture.Bridge.ReadLog()}");
        var closedAt = clock.Elapsed.TotalSeconds;
        output.WriteLine($"third PIN at {thirdAt:F1} s, call closed by the bridge at {closedAt:F1} s");
        Assert.True(closedAt - thirdAt >= 1.5, $"the call ended {closedAt - thirdAt:F1} s after the third PIN: too soon for 'wrong PIN' and 'goodbye'");

        // The bridge logs the call's end after its BYE is answered: the phone can see the call closed before that line exists.
        var log = await fixture.Bridge.LogWithAsync(0, $"Call {callId} ended");
        Assert.Contains($"Call {callId} ended: hung up by bridge", log, StringComparison.Ordinal);
        Assert.DoesNotContain($"Call {callId} joined", log, StringComparison.Ordinal);
        var failures = log.Split('\n').Count(l => l.Contains("SECURITY pin-failure", StringComparison.Ordinal) && l.Contains("user=***120", StringComparison.Ordinal));
        Assert.Equal(3, failures);
        Assert.DoesNotContain("111111", log, StringComparison.Ordinal); // wrong PINs are never logged

        // The bridge hangs up only once "wrong PIN" and "goodbye" have played (their WAV lengths), by its own log clock.
        var thirdFailure = log.Split('\n').Last(l => l.Contains("SECURITY pin-failure", StringComparison.Ordinal) && l.Contains("user=***120", StringComparison.Ordinal));
        var ended = log.Split('\n').First(l => l.Contains($"Call {callId} ended", StringComparison.Ordinal));
        var hangUpAfter = LogClock.Between(thirdFailure, ended).TotalSeconds;
        var promptSeconds = WavSeconds("wrong-pin.wav") + WavSeconds("goodbye.wav");
        output.WriteLine($"bridge log: third failure to hang-up {hangUpAfter:F2} s; 'wrong PIN' + 'goodbye' last {promptSeconds:F2} s");
        Assert.True(hangUpAfter >= promptSeconds - 0.25,
            $"the bridge hung up {hangUpAfter:F2} s after the third wrong PIN, before 'wrong PIN' + 'goodbye' ({promptSeconds:F2} s) had played");

        var (pcm, rate) = WavFiles.Read(await phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
        var end = pcm.Length / (double)rate;

        // Not one block of the room's 1 kHz, from the first prompt to the goodbye.
        var roomBlocks = ToneAnalysis.ToneBlocks(pcm, rate, 0, end, ConferenceAccessFixture.RoomTone);
        Assert.True(roomBlocks == 0, $"the rejected caller heard the room's 1 kHz in {roomBlocks} blocks");

        // The goodbye prompt is the last thing it heard (after "wrong PIN", ~2 s together), and nowhere before.
        // Windows count from the recording's end: a phone's recording loses time whenever packets come late.
        var goodbyePath = Path.Combine(RepositoryPaths.Root, "prompts", "en", "goodbye.wav");
        var goodbye = PromptMatch.BestCorrelation(pcm, rate, end - 3, end, goodbyePath);
        var goodbyeEarlier = PromptMatch.BestCorrelation(pcm, rate, 0, end - 2.5, goodbyePath);
        output.WriteLine($"recording {end:F1} s; goodbye prompt correlation in the last 3 s {goodbye:F2}, before {goodbyeEarlier:F2}");
        Assert.True(goodbye > 0.8, $"the goodbye prompt was not heard at the end of the call (best correlation {goodbye:F2}; recording {end:F1} s)");
        Assert.True(goodbyeEarlier < goodbye - 0.2, $"'goodbye' matched earlier in the call as well ({goodbyeEarlier:F2} vs {goodbye:F2})");
    }

    /// <summary>The bridge's Call-ID of the call whose From user ends in <paramref name="userTail"/> (the log masks the rest).</summary>
    private async Task<string> WaitForCallIdAsync(string userTail, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var match = CallStart().Matches(fixture.Bridge.ReadLog()).LastOrDefault(m => m.Groups["user"].Value == userTail);
            if (match is not null)
            {
                return match.Groups["id"].Value;
            }

            Assert.True(deadline.Elapsed < limit, $"no call from ***{userTail} in the bridge log:\n{fixture.Bridge.ReadLog()}");
            await Task.Delay(100);
        }
    }

    private static double WavSeconds(string prompt)
    {
        var (pcm, rate) = WavFiles.Read(Path.Combine(RepositoryPaths.Root, "prompts", "en", prompt));
        return pcm.Length / (double)rate;
    }

    private async Task<bool> WaitForLogAsync(string text, TimeSpan limit)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < limit)
        {
            if (fixture.Bridge.ReadLog().Contains(text, StringComparison.Ordinal))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    [GeneratedRegex(@"Call (?<id>\S+) from \*\*\*(?<user>\S{3}) starts")]
    private static partial Regex CallStart();
}
