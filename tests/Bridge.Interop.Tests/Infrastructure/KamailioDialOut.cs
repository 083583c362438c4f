using System.Net;
using System.Text.Json;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests.Infrastructure;

/// <summary>
/// The dial-out scene the dial-out interop tests share (issue 12): a dial plan with trunk <c>office-pbx</c> registering as
/// 7000 at Kamailio (<see cref="KamailioPbx"/>) and allowing <c>1xxx</c>, room 4711, the tones the phones play, a baresip
/// phone joining the room with its PIN, the invited phone pressing 1, and what a phone heard at the end of its call.
/// </summary>
internal static class KamailioDialOut
{
    /// <summary>The invited phone's tone.</summary>
    public const double InvitedTone = 1100;

    public const string ParticipantPin = "246810";

    public const string ModeratorPin = "135791";

    /// <summary>
    /// Writes 7000's password to a file and a dial plan using it; returns the dial plan directory. <paramref name="target"/>:
    /// the trunk's <c>dialOut.target</c> (null: the registrar); <paramref name="maxCalls"/>: its <c>limits.calls</c> (null: none);
    /// <paramref name="media"/>: room 4711's <c>media:</c> (null: the default).
    /// </summary>
    public static async Task<string> WritePlanAsync(int pbxPort, string password, int ringSeconds, string? target = null, int? maxCalls = null, string? media = null)
    {
        var secrets = Directory.CreateTempSubdirectory("bridge-dialout-secrets-").FullName;
        var passwordFile = Path.Combine(secrets, "7000.pw");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        var plans = Directory.CreateTempSubdirectory("dialplan-dialout-").FullName;
        var limits = maxCalls is { } calls ? $"\n    limits:\n      calls: {calls}" : "";
        var targetLine = target is null ? "" : $"\n      target: \"{target}\"";
        var mediaLine = media is null ? "" : $"\n    media: {media}";
        await File.WriteAllTextAsync(Path.Combine(plans, "pbx.yaml"), $$"""
            trunks:
              - name: office-pbx
                match:
                  addresses: ["127.0.0.1"]{{limits}}
                register:
                  registrar: "sip:127.0.0.1:{{pbxPort}}"
                  user: "7000"
                  passwordFile: "{{passwordFile}}"
                  expires: 300
                dialOut:
                  allow: ['/^1\d{3}$/']
                  ringSeconds: {{ringSeconds}}{{targetLine}}
            routes:
              - dialled: "4711"
                room: "4711"
            rooms:
              - number: "4711"
                name: "Dial-out room"
                pin: "{{ParticipantPin}}"
                moderatorPin: "{{ModeratorPin}}"{{mediaLine}}
            """);
        return plans;
    }

    /// <summary>A minute of silence and of the invited phone's tone, 8 kHz WAV, for baresip to play.</summary>
    public static (string Quiet, string Tone) WriteTones()
    {
        var directory = Directory.CreateTempSubdirectory("dialout-tones-").FullName;
        var quiet = Path.Combine(directory, "quiet.wav");
        var tone = Path.Combine(directory, "tone1100.wav");
        WavFiles.Write(quiet, new short[8000 * 60], 8000);
        WavFiles.Write(tone, TestTones.Sine(InvitedTone, 8000, 8000 * 60, amplitude: 8000), 8000);
        return (quiet, tone);
    }

    /// <summary><paramref name="phone"/> (SIP port <paramref name="phonePort"/>) dials room 4711 and types
    /// <paramref name="pin"/>; returns its call id once the bridge logged it in the room as <paramref name="role"/>.</summary>
    public static async Task<string> JoinRoomAsync(BridgeProcess bridge, int bridgePort, Baresip phone, int phonePort, string pin, string role)
    {
        await phone.DialAsync($"sip:4711@127.0.0.1:{bridgePort}");
        var call = await bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(phonePort), TimeSpan.FromSeconds(15));
        await bridge.WaitForPinPromptAsync(call, "4711", TimeSpan.FromSeconds(10));
        await phone.SendDigitsAsync(pin + "#");
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), $"{role.ToLowerInvariant()} joining", $"Call {call} joined room 4711 as {role}");
        return call;
    }

    /// <summary>The invited call (the first to start after log offset <paramref name="from"/>) presses 1; returns its call
    /// id once the bridge logged it in the room.</summary>
    public static async Task<string> PressOneAsync(BridgeProcess bridge, Baresip invited, int from)
    {
        var call = (await bridge.WaitForLinesAsync(1, TimeSpan.FromSeconds(10), "the invited call starting", from, "starts: Invited")).Split(' ')
            .SkipWhile(w => w != "Call").Skip(1).First();
        await invited.SendDigitsAsync("1");
        await bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), "the invited phone joining", $"Call {call} joined room 4711 as Participant");
        return call;
    }

    /// <summary>Hangs <paramref name="phone"/> up and measures the invited tone over the last <paramref name="seconds"/> (less
    /// the last half second) of what it received: 200 ms blocks holding the tone, all blocks, and the tone's level.</summary>
    public static async Task<(int Heard, int Blocks, double Level)> HangUpAndMeasureAsync(Baresip phone, double seconds)
    {
        await phone.HangupAsync();
        Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)), "the listening phone's call did not close");
        var (pcm, rate) = WavFiles.Read(await phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
        var end = pcm.Length / (double)rate;
        return (ToneAnalysis.ToneBlocks(pcm, rate, end - seconds - 0.5, end - 0.5, InvitedTone),
            (int)Math.Round(seconds / 0.2),
            ToneAnalysis.Level(pcm, rate, end - seconds - 0.5, end - 0.5, InvitedTone));
    }

    /// <summary>Polls <c>GET /api/v1/rooms/4711/dialout/{id}</c> until the call out is in <paramref name="expected"/>.</summary>
    public static async Task<JsonElement> WaitForStateAsync(AdminApiClient client, string id, string expected, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var (status, body) = await client.GetAsync($"/api/v1/rooms/4711/dialout/{id}");
            Assert.True(status == HttpStatusCode.OK, $"GET dialout/{id}: {(int)status} {body}");
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.GetProperty("state").GetString() == expected)
            {
                return json.RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"the dial-out did not reach '{expected}' within {limit.TotalSeconds:F0} s: {body}");
            await Task.Delay(200);
        }
    }
}
