using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue 13 on the real host: the published bridge with its web listener on loopback, tokens made with the real
/// <c>bridge token create</c> verb, two baresip phones in room 4711. The API lists both with codec and quality; muting one
/// through the API silences it for the other (Goertzel, judged per 200 ms block) and unmuting brings it back; removing it
/// hangs it up (the phone is sent a BYE); <c>/metrics</c> passes <c>promtool check metrics</c> and its figures move with
/// the calls and the wrong PIN.
/// </summary>
public sealed class AdminApiInteropTests
{
    private const int SipPort = 15270;
    private const string Room = "4711";
    private const double ToneA = 1000;
    private const double ToneB = 440;

    [Fact]
    public async Task Api_lists_two_phones_mutes_unmutes_and_removes_one_and_metrics_follow()
    {
        var webPort = AdminApiClient.FreeTcpPort();
        await using var bridge = await BridgeProcess.StartAsync(SipPort, 45400, 45499, [$"--Bridge:Web:Http=127.0.0.1:{webPort}"]);
        var admin = await AdminApiClient.CreateTokenAsync(bridge, "interop-admin", "admin");
        var read = await AdminApiClient.CreateTokenAsync(bridge, "interop-read", "read");
        var web = new Uri($"http://127.0.0.1:{webPort}");
        using var api = AdminApiClient.For(web, admin);
        using var reader = AdminApiClient.For(web, read);
        using var stranger = AdminApiClient.For(web, null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/rooms")).Status);
        var before = await api.ScrapeAsync();

        await using var phoneA = await StartPhoneAsync(15272, 4490, 25100, ToneA);
        await using var phoneB = await StartPhoneAsync(15274, 4491, 25200, ToneB);
        await JoinAsync(bridge, phoneA, 15272, wrongPinFirst: false, api);
        var clockB = await JoinAsync(bridge, phoneB, 15274, wrongPinFirst: true, api);
        var joinedB = clockB.Elapsed.TotalSeconds;

        // Both listed, as phones, masked, PCMU, with quality figures once media flowed.
        var participants = await api.WaitForParticipantsAsync(Room,
            ps => ps.Count == 2 && ps.All(p => p.GetProperty("quality").ValueKind == JsonValueKind.Object),
            TimeSpan.FromSeconds(10), "both phones listed with quality");
        var a = participants.Single(p => p.GetProperty("label").GetString() == "Phone ***272");
        Assert.Contains(participants, p => p.GetProperty("label").GetString() == "Phone ***274");
        foreach (var p in participants)
        {
            Assert.Equal("phone", p.GetProperty("kind").GetString());
            Assert.Equal("PCMU", p.GetProperty("codec").GetString());
            Assert.False(p.GetProperty("secure").GetBoolean());
            Assert.False(p.GetProperty("muted").GetBoolean());
            var quality = p.GetProperty("quality");
            Assert.True(quality.GetProperty("lossPercent").GetDouble() <= 1 && quality.GetProperty("mos").GetDouble() >= 4.0,
                "loopback: no loss, high MOS expected: " + p.GetRawText());
        }

        var idA = a.GetProperty("id").GetString()!;
        var during = await api.ScrapeAsync();
        await PromtoolCheckAsync(during.Text);
        Assert.Equal(2, during.Families["bridge_participants"]);
        Assert.Equal(2, during.Families["bridge_calls_active"]);
        Assert.Equal(before.Families["bridge_pin_failures_total"] + 1, during.Families["bridge_pin_failures_total"]);

        // A read token may look but not act; the admin token acts.
        var participantPath = $"/api/v1/rooms/{Room}/participants/{Uri.EscapeDataString(idA)}";
        Assert.Equal(HttpStatusCode.Forbidden, await reader.PostAsync(participantPath + "/mute"));
        // Each stretch of B's recording is judged from the moment its action is in force (the API shows it) to the moment
        // the next action was asked for: a request slow on a busy machine (the first one of a kind is compiled) only
        // shortens a stretch, it never puts audio of one state into the stretch of another.
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // B hears A before the mute
        var muteAt = clockB.Elapsed.TotalSeconds;
        Assert.Equal(HttpStatusCode.NoContent, await api.PostAsync(participantPath + "/mute"));
        await api.WaitForParticipantsAsync(Room, ps => ps.Any(p => p.GetProperty("id").GetString() == idA && p.GetProperty("muted").GetBoolean()),
            TimeSpan.FromSeconds(5), "A shown muted");
        var mutedAt = clockB.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var unmuteAt = clockB.Elapsed.TotalSeconds;
        Assert.Equal(HttpStatusCode.NoContent, await api.PostAsync(participantPath + "/unmute"));
        await api.WaitForParticipantsAsync(Room, ps => ps.Any(p => p.GetProperty("id").GetString() == idA && !p.GetProperty("muted").GetBoolean()),
            TimeSpan.FromSeconds(5), "A shown unmuted");
        var unmutedAt = clockB.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2));
        var removeAt = clockB.Elapsed.TotalSeconds;
        Assert.Equal(HttpStatusCode.NoContent, await api.PostAsync(participantPath + "/remove"));
        Assert.True(await phoneA.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)), "removed phone not hung up: " + string.Join('\n', phoneA.Events));
        await api.WaitForParticipantsAsync(Room, ps => ps.Count == 1, TimeSpan.FromSeconds(5), "A gone from the room");
        var removedAt = clockB.Elapsed.TotalSeconds;
        var after = await api.ScrapeAsync();
        Assert.Equal(1, after.Families["bridge_participants"]);
        Assert.Equal(1, after.Families["bridge_calls_active"]);
        Assert.Equal(before.Families.GetValueOrDefault("bridge_calls_total") + 1, after.Families["bridge_calls_total"]);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var hangupAt = clockB.Elapsed.TotalSeconds;
        await phoneB.HangupAsync();
        Assert.True(await phoneB.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));

        // B's recording, counted back from its end (a recording loses time when packets come late); 0.5 s margins.
        var (pcm, rate) = WavFiles.Read(await phoneB.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
        var end = pcm.Length / (double)rate;
        double At(double t) => end - (hangupAt - t);
        var heardBefore = Blocks(pcm, rate, At(joinedB) + 0.5, At(muteAt));
        var heardMuted = Blocks(pcm, rate, At(mutedAt) + 0.5, At(unmuteAt));
        var heardUnmuted = Blocks(pcm, rate, At(unmutedAt) + 0.5, At(removeAt));
        var heardRemoved = Blocks(pcm, rate, At(removedAt) + 0.5, end - 0.2);
        var summary = $"blocks with A's tone / blocks: before {heardBefore}, muted {heardMuted}, unmuted {heardUnmuted}, removed {heardRemoved}";
        Assert.True(heardBefore.Tone * 2 >= heardBefore.All && heardBefore.All >= 3, "B did not hear A before the mute: " + summary);
        Assert.True(heardMuted.Tone == 0 && heardMuted.All >= 5, "B heard A while it was muted: " + summary);
        Assert.True(heardUnmuted.Tone * 2 >= heardUnmuted.All && heardUnmuted.All >= 5, "B did not hear A after the unmute: " + summary);
        Assert.True(heardRemoved.Tone == 0, "B heard A after it was removed: " + summary);

        var audit = await File.ReadAllTextAsync(Path.Combine(bridge.DataDirectory, "audit.log"));
        Assert.Contains("interop-admin", audit, StringComparison.Ordinal);
        Assert.DoesNotContain("246810", audit, StringComparison.Ordinal);
    }

    private static (int Tone, int All) Blocks(short[] pcm, int rate, double from, double to) =>
        (ToneAnalysis.ToneBlocks(pcm, rate, from, to, ToneA), (int)Math.Max(0, (to - from) * 5));

    private static async Task<Baresip> StartPhoneAsync(int sipPort, int controlPort, int rtpLow, double tone)
    {
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, $"tone{tone}.wav");
        WavFiles.Write(source, TestTones.Sine(tone, 8000, 8000 * 60, amplitude: 8000), 8000);
        return await Baresip.StartAsync(sipPort, controlPort, rtpLow, source, ";audio_codecs=PCMU/8000/1");
    }

    /// <summary>Dials <c>conf</c>, keys the room and the PIN (a wrong one first when asked, seen in /metrics), waits for the join.</summary>
    private static async Task<Stopwatch> JoinAsync(BridgeProcess bridge, Baresip phone, int sipPort, bool wrongPinFirst, AdminApiClient api)
    {
        var logBefore = bridge.ReadLog().Length;
        await phone.DialAsync($"sip:conf@127.0.0.1:{SipPort}");
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established: " + string.Join('\n', phone.Events));
        var clock = Stopwatch.StartNew();
        var callId = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(sipPort), TimeSpan.FromSeconds(10), logBefore);
        await phone.SendDigitsAsync(Room + "#");
        await bridge.WaitForPinPromptAsync(callId, Room, TimeSpan.FromSeconds(10));
        if (wrongPinFirst)
        {
            var failures = (await api.ScrapeAsync()).Families.GetValueOrDefault("bridge_pin_failures_total");
            await phone.SendDigitsAsync("135790#");
            var deadline = Stopwatch.StartNew();
            while ((await api.ScrapeAsync()).Families.GetValueOrDefault("bridge_pin_failures_total") <= failures)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the wrong PIN did not show in bridge_pin_failures_total");
                await Task.Delay(100);
            }
        }

        await phone.SendDigitsAsync("246810#");
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), $"phone {sipPort} joining room {Room}", $"Call {callId} joined room {Room} as Participant");
        return clock;
    }

    /// <summary><c>promtool check metrics</c> (Debian's prometheus package) on the scrape, when it is installed.</summary>
    private static async Task PromtoolCheckAsync(string text)
    {
        if (!File.Exists("/usr/bin/promtool"))
        {
            return;
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("metrics-").FullName, "scrape.txt");
        await File.WriteAllTextAsync(file, text);
        var run = await ProcessRunner.RunAsync("sh", ["-c", $"promtool check metrics < '{file}'"], TimeSpan.FromSeconds(30));
        Assert.True(run.ExitCode == 0, "promtool check metrics:\n" + run.Output);
    }
}
