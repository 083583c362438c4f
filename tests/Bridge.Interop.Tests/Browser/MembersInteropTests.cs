using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Issue 10, phone callers as members: the published bridge, a baresip phone and two Chromium pages (a moderator and a
/// participant) in a namespace with only loopback. Both pages list the phone as <c>Phone ***NNN</c> with its states as
/// text (talking while its tone plays and not in the pauses, hand raised after <c>*9</c>); the moderator mutes it in the page
/// (the participant's page stops hearing its tone, Goertzel, and the phone hears "you are muted"), renames it (display only) and removes it (it hears
/// the prompt and gets BYE); a participant who sends the moderator's messages by hand over /ws is refused. The lobby: a
/// phone and a browser wait (neither hears the room), the moderator admits the browser (it then hears the room) and
/// denies the phone (it hears the prompt and gets BYE).
/// </summary>
public sealed class MembersInteropTests(ITestOutputHelper output)
{
    private const int SipPort = 5060;
    private const int WebPort = 18080;
    private const string Room = "4711";
    private const string LobbyRoom = "4720";
    private const string Pin = "246810";
    private const string ModeratorPin = "135791";
    private const double PhoneTone = 470;
    private const double ModeratorTone = 1170;

    private const string DialPlan = """
        routes:
          - dialled: '/^7(\d{4})$/'
            room: "$1"
        rooms:
          - number: "4711"
            pin: "246810"
            moderatorPin: "135791"
          - number: "4720"
            pin: "246810"
            moderatorPin: "135791"
            lobby: true
        """;

    private static readonly PhoneSpec Phone = new(5080, 4444, 24400);

    static MembersInteropTests() => Assertions.SetDefaultExpectTimeout(15_000);

    private sealed record PhoneSpec(int SipPort, int ControlPort, int RtpLow)
    {
        public string Label => "Phone ***" + BridgeLogWait.PhoneUserTail(SipPort);
    }

    [SkippableFact]
    public async Task A_phone_is_listed_talks_raises_its_hand_is_muted_renamed_and_removed_by_the_moderator()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        var clock = Stopwatch.StartNew();
        var files = Directory.CreateTempSubdirectory("bridge-members-").FullName;
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await StartBridgeAsync(space, files);
        try
        {
            var silence = Silence(files);
            await using var moderatorChromium = await NamespacedChromium.LaunchAsync(space, silence);
            await using var participantChromium = await NamespacedChromium.LaunchAsync(space, silence);
            var moderator = await JoinPageAsync(moderatorChromium, Room, ModeratorPin, "Mo");
            var participant = await JoinPageAsync(participantChromium, Room, Pin, "Pat");
            await Assertions.Expect(moderator.Room.Status).ToHaveTextAsync("Connected");
            await Assertions.Expect(moderator.Page.GetByText("Room open")).ToBeVisibleAsync();
            await Assertions.Expect(moderator.Page.GetByRole(AriaRole.Button, new() { Name = "Unlock", Exact = true })).ToBeHiddenAsync();

            // The phone plays its tone 2.5 s on, 2.5 s off.
            var wav = Path.Combine(files, "phone.wav");
            WavFiles.Write(wav, OnOff(PhoneTone, 8000, 2.5, 120), 8000);
            await using var phone = await JoinPhoneAsync(space, bridge, wav, Room, "joined room " + Room);

            // Both pages list it masked, and say "talking" while its tone plays and not in the pauses.
            foreach (var page in new[] { moderator, participant })
            {
                await Assertions.Expect(Item(page, Phone.Label)).ToHaveCountAsync(1);
                await Assertions.Expect(Item(page, Phone.Label)).ToContainTextAsync("talking");
                await Assertions.Expect(Item(page, Phone.Label)).Not.ToContainTextAsync("talking");
            }

            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: talking on and off seen in both pages");

            // *9 raises the hand: both pages say so.
            await phone.SendDigitsAsync("*9");
            await Assertions.Expect(Item(moderator, Phone.Label)).ToContainTextAsync("hand raised");
            await Assertions.Expect(Item(participant, Phone.Label)).ToContainTextAsync("hand raised");
            await Assertions.Expect(participant.Page.GetByRole(AriaRole.Button, new() { Name = "Mute", Exact = true })).ToHaveCountAsync(1); // only its own
            foreach (var name in new[] { "Mute", "Remove", "Rename" })
            {
                await Assertions.Expect(Item(moderator, Phone.Label).GetByRole(AriaRole.Button, new() { Name = name, Exact = true })).ToHaveAccessibleDescriptionAsync(Phone.Label);
            }
            await moderator.Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "bridge-members-moderator.png"), FullPage = true });

            // A participant who sends the moderator's messages by hand over /ws is refused, and nothing changes.
            var phoneId = await participant.Page.EvaluateAsync<string>(
                "(label) => new Promise((resolve) => { const tick = () => { const item = [...document.querySelectorAll('#participants li')].find((li) => li.textContent.startsWith(label)); if (item) resolve(item.dataset.id || ''); else setTimeout(tick, 50); }; tick(); })",
                Phone.Label);
            var refusals = await ByHandAsync(participant.Page, phoneId);
            output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s: moderator messages by hand from a participant: {refusals}");
            Assert.Equal("remove:Only a moderator can do that.|mute:Only a moderator can do that.|lock:Only a moderator can do that.|end:Only a moderator can do that.", refusals);
            await Assertions.Expect(moderator.Page.GetByText("Room open")).ToBeVisibleAsync(); // the refused lock changed nothing
            await Assertions.Expect(Item(moderator, Phone.Label)).ToHaveCountAsync(1);
            await Assertions.Expect(Item(moderator, Phone.Label)).Not.ToContainTextAsync("muted");
            await WaitForLogAsync(bridge, "moderator action from a non-moderator");

            // The participant's page hears the phone's tone before the mute …
            await participant.Audio.StartRecordingAsync();
            await Task.Delay(TimeSpan.FromSeconds(5.5));
            var (before, _) = await participant.Audio.StopRecordingAsync();
            var heardBefore = RoomOfFourInteropTests.HeardBlocks(before, PageAudio.Rate, 0, before.Length / (double)PageAudio.Rate, PhoneTone);

            // … the moderator mutes it from its item; the pages say muted, and the tone is gone from the room.
            var muteClicked = clock.Elapsed;
            await Item(moderator, Phone.Label).GetByRole(AriaRole.Button, new() { Name = "Mute", Exact = true }).ClickAsync();
            await Assertions.Expect(Item(participant, Phone.Label)).ToContainTextAsync("muted");
            await Assertions.Expect(Item(moderator, Phone.Label).GetByRole(AriaRole.Button, new() { Name = "Unmute", Exact = true })).ToHaveCountAsync(1);
            await participant.Audio.StartRecordingAsync();
            await Task.Delay(TimeSpan.FromSeconds(5.5));
            var (after, _) = await participant.Audio.StopRecordingAsync();
            var heardAfter = RoomOfFourInteropTests.HeardBlocks(after, PageAudio.Rate, 0.5, after.Length / (double)PageAudio.Rate, PhoneTone);
            output.WriteLine($"participant's page: phone tone in {heardBefore} blocks of 5.5 s before the mute, {heardAfter} after it");
            Assert.True(heardBefore >= 5, $"the participant did not hear the phone's tone before the mute ({heardBefore} blocks)");
            Assert.Equal(0, heardAfter);

            // Rename (display only): both pages show the new name instead of the masked number.
            await Item(moderator, Phone.Label).GetByRole(AriaRole.Button, new() { Name = "Rename", Exact = true }).ClickAsync();
            await moderator.Page.GetByLabel("New name for " + Phone.Label).FillAsync("Reception");
            await moderator.Page.GetByRole(AriaRole.Button, new() { Name = "Save name", Exact = true }).ClickAsync();
            await Assertions.Expect(Item(participant, "Reception")).ToContainTextAsync("muted");
            await Assertions.Expect(Item(participant, Phone.Label)).ToHaveCountAsync(0);

            // Remove: the phone hears the prompt and receives BYE.
            await Item(moderator, "Reception").GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
            Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(15)), "the removed phone got no BYE");
            var removedAt = clock.Elapsed;
            await Assertions.Expect(Item(participant, "Reception")).ToHaveCountAsync(0);

            // The moderator locks the room (the page then offers only Unlock) and removes the browser, which is told so.
            await moderator.Page.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true }).ClickAsync();
            await Assertions.Expect(moderator.Page.GetByText("Room locked")).ToBeVisibleAsync();
            await Assertions.Expect(moderator.Page.GetByRole(AriaRole.Button, new() { Name = "Lock", Exact = true })).ToBeHiddenAsync();
            await Item(moderator, "Pat").GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = true }).ClickAsync();
            await Assertions.Expect(participant.Page.GetByText("A moderator removed you from the room.")).ToBeVisibleAsync();

            var (pcm, rate) = WavFiles.Read(await phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(15)));
            var end = pcm.Length / (double)rate;
            var sinceMute = (removedAt - muteClicked).TotalSeconds;
            var muted = PromptMatch.BestCorrelation(pcm, rate, Math.Max(0, end - sinceMute - 6), end, PromptPath("muted"));
            var removed = PromptMatch.BestCorrelation(pcm, rate, Math.Max(0, end - 6), end, PromptPath("removed"));
            output.WriteLine($"phone recording {end:F1} s: 'you are muted' correlation {muted:F2}, 'removed' {removed:F2}; test took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.True(muted > 0.8, $"the phone did not hear 'you are muted' ({muted:F2})");
            Assert.True(removed > 0.8, $"the phone did not hear the removal prompt ({removed:F2})");
            Assert.DoesNotContain("phone" + Phone.SipPort.ToString(CultureInfo.InvariantCulture), bridge.ReadLog(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    [SkippableFact]
    public async Task In_the_lobby_a_phone_and_a_browser_wait_unheard_the_browser_is_admitted_and_the_phone_denied()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        var clock = Stopwatch.StartNew();
        var files = Directory.CreateTempSubdirectory("bridge-members-").FullName;
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await StartBridgeAsync(space, files);
        try
        {
            var moderatorWav = Path.Combine(files, "moderator.wav");
            WavFiles.Write(moderatorWav, TestTones.Sine(ModeratorTone, PageAudio.Rate, PageAudio.Rate * 20, amplitude: 8000), PageAudio.Rate);
            await using var moderatorChromium = await NamespacedChromium.LaunchAsync(space, moderatorWav);
            await using var guestChromium = await NamespacedChromium.LaunchAsync(space, Silence(files));
            var moderator = await JoinPageAsync(moderatorChromium, LobbyRoom, ModeratorPin, "Mo"); // the moderator PIN skips the lobby

            var wav = Path.Combine(files, "phone.wav");
            WavFiles.Write(wav, TestTones.Sine(PhoneTone, 8000, 8000 * 120, amplitude: 8000), 8000);
            await using var phone = await JoinPhoneAsync(space, bridge, wav, LobbyRoom, "waits in the lobby of room " + LobbyRoom);
            var guest = await JoinPageAsync(guestChromium, LobbyRoom, Pin, "Wes", connected: false);

            // The waiting browser sees the waiting screen and nobody else; the moderator sees both in the list named Waiting.
            await Assertions.Expect(guest.Page.GetByText("You are waiting in the lobby")).ToBeVisibleAsync();
            await Assertions.Expect(guest.Page.GetByRole(AriaRole.List, new() { Name = "Participants" })).ToBeHiddenAsync();
            var waiting = moderator.Page.GetByRole(AriaRole.List, new() { Name = "Waiting" }).GetByRole(AriaRole.Listitem);
            await Assertions.Expect(waiting.Filter(new() { HasText = Phone.Label + " is waiting" })).ToHaveCountAsync(1);
            await Assertions.Expect(waiting.Filter(new() { HasText = "Wes is waiting" })).ToHaveCountAsync(1);
            await Assertions.Expect(moderator.Participants).ToHaveCountAsync(1);
            await Assertions.Expect(waiting.GetByRole(AriaRole.Button, new() { Name = "Admit", Exact = true }).First).ToHaveAccessibleDescriptionAsync(Phone.Label + " is waiting");
            await moderator.Page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "bridge-members-lobby.png"), FullPage = true });

            // While it waits, the browser hears nothing of the moderator's tone.
            await guest.Audio.FirstAudioAsync(Stopwatch.StartNew(), TimeSpan.FromSeconds(20));
            await guest.Audio.StartRecordingAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (waited, _) = await guest.Audio.StopRecordingAsync();
            var heardWaiting = RoomOfFourInteropTests.HeardBlocks(waited, PageAudio.Rate, 0, waited.Length / (double)PageAudio.Rate, ModeratorTone);

            // Admitted, it joins the room and hears the moderator.
            await waiting.Filter(new() { HasText = "Wes is waiting" }).GetByRole(AriaRole.Button, new() { Name = "Admit", Exact = true }).ClickAsync();
            await Assertions.Expect(guest.Page.GetByText("You are waiting in the lobby")).ToBeHiddenAsync();
            await Assertions.Expect(guest.Participants.Filter(new() { HasText = "Mo" })).ToHaveCountAsync(1);
            await Assertions.Expect(guest.Participants).ToHaveCountAsync(2); // the waiting phone is not shown to a participant
            await guest.Audio.StartRecordingAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var (admitted, _) = await guest.Audio.StopRecordingAsync();
            var heardAdmitted = RoomOfFourInteropTests.HeardBlocks(admitted, PageAudio.Rate, 0.5, admitted.Length / (double)PageAudio.Rate, ModeratorTone);

            // Denied, the phone hears why and gets BYE.
            await waiting.Filter(new() { HasText = Phone.Label + " is waiting" }).GetByRole(AriaRole.Button, new() { Name = "Deny", Exact = true }).ClickAsync();
            Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(15)), "the denied phone got no BYE");
            await Assertions.Expect(moderator.Page.GetByRole(AriaRole.List, new() { Name = "Waiting" })).ToBeHiddenAsync();

            var (pcm, rate) = WavFiles.Read(await phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(15)));
            var end = pcm.Length / (double)rate;
            var roomBlocks = ToneAnalysis.ToneBlocks(pcm, rate, 0, end, ModeratorTone);
            var lobbyPrompt = PromptMatch.BestCorrelation(pcm, rate, 0, end, PromptPath("lobby-wait"));
            var denied = PromptMatch.BestCorrelation(pcm, rate, Math.Max(0, end - 5), end, PromptPath("lobby-denied"));
            output.WriteLine($"browser: moderator's tone in {heardWaiting} blocks of 3 s while waiting, {heardAdmitted} of 2.5 s once admitted; " +
                $"phone recording {end:F1} s: moderator's tone in {roomBlocks} blocks, 'please wait' {lobbyPrompt:F2}, 'did not let you in' {denied:F2}; test took {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(0, heardWaiting);
            Assert.True(heardAdmitted >= 4, $"the admitted browser does not hear the moderator ({heardAdmitted} of 12 blocks)"); // 8 to 12 seen; playout starts late under load
            Assert.Equal(0, roomBlocks);
            Assert.True(lobbyPrompt > 0.8, $"the waiting phone did not hear 'please wait' ({lobbyPrompt:F2})");
            Assert.True(denied > 0.8, $"the denied phone did not hear why ({denied:F2})");
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    private sealed record JoinedPage(RoomPage Room, PageAudio Audio)
    {
        public IPage Page => Audio.Page;

        public ILocator Participants => Room.Participants;
    }

    private static ILocator Item(JoinedPage page, string label) => page.Participants.Filter(new() { HasText = label });

    private static async Task<JoinedPage> JoinPageAsync(NamespacedChromium chromium, string room, string pin, string name, bool connected = true)
    {
        var page = await RoomPage.OpenAsync(chromium.Browser, $"http://127.0.0.1:{WebPort.ToString(CultureInfo.InvariantCulture)}/rooms/{room}");
        Skip.If(!await page.SignallingAvailableAsync(), "the bridge has no browser gateway: /ws answers 503");
        await page.JoinAsync(pin, name);
        if (connected)
        {
            await Assertions.Expect(page.Participants.Filter(new() { HasText = name + " (you" })).ToHaveCountAsync(1);
        }

        return new JoinedPage(page, PageAudio.Of(chromium));
    }

    /// <summary>From the participant's page, a second socket of its own sends the moderator's messages by hand (after a real
    /// join: PIN, offer, answer); returns each refusal as <c>action:message</c>, joined by <c>|</c>.</summary>
    private static Task<string> ByHandAsync(IPage page, string phoneId) => page.EvaluateAsync<string>("""
        async ({ room, pin, target }) => {
          const ws = new WebSocket('ws://' + location.host + '/ws');
          const inbox = [];
          let wake = null;
          ws.addEventListener('message', (e) => { inbox.push(JSON.parse(e.data)); if (wake) wake(); });
          const next = async (type) => {
            const limit = Date.now() + 10000;
            while (Date.now() < limit) {
              const i = inbox.findIndex((m) => m.type === type);
              if (i >= 0) return inbox.splice(i, 1)[0];
              await new Promise((r) => { wake = r; setTimeout(r, 100); });
            }
            return { type: 'timeout', message: 'no ' + type };
          };
          await new Promise((r) => ws.addEventListener('open', r, { once: true }));
          ws.send(JSON.stringify({ type: 'join', room, pin, name: 'Mallory' }));
          await next('accepted');
          const pc = new RTCPeerConnection();
          pc.addTransceiver('audio');
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise((r) => { const t = setTimeout(r, 3000); pc.addEventListener('icegatheringstatechange', () => { if (pc.iceGatheringState === 'complete') { clearTimeout(t); r(); } }); });
          ws.send(JSON.stringify({ type: 'offer', sdp: pc.localDescription.sdp }));
          await next('answer');
          const answers = [];
          for (const message of [{ action: 'remove', id: target }, { action: 'mute', id: target }, { action: 'lock' }, { action: 'end' }]) {
            ws.send(JSON.stringify({ type: 'moderate', ...message }));
            const refused = await next('refused-action');
            answers.push((refused.action || refused.type) + ':' + refused.message);
          }
          ws.close();
          pc.close();
          return answers.join('|');
        }
        """, new { room = Room, pin = Pin, target = phoneId });

    private async Task<Baresip> JoinPhoneAsync(LoopbackNamespace space, NamespacedBridge bridge, string wav, string room, string joinedLine)
    {
        var phone = await Baresip.StartAsync(Phone.SipPort, Phone.ControlPort, Phone.RtpLow, wav, ";audio_codecs=PCMU/8000/1", space: space.Name);
        try
        {
            await phone.DialAsync($"sip:7{room}@127.0.0.1:{SipPort.ToString(CultureInfo.InvariantCulture)}");
            Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(20)), "the phone's call was not established");
            await WaitForLogAsync(bridge, "asks for the PIN of room " + room);
            await phone.SendDigitsAsync(Pin + "#");
            await WaitForLogAsync(bridge, joinedLine);
            return phone;
        }
        catch
        {
            await phone.DisposeAsync();
            throw;
        }
    }

    private async Task WaitForLogAsync(NamespacedBridge bridge, string line)
    {
        var clock = Stopwatch.StartNew();
        while (!bridge.ReadLog().Contains(line, StringComparison.Ordinal))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"'{line}' not in the bridge's log within 30 s:\n" + bridge.ReadLog());
            await Task.Delay(100);
        }

        output.WriteLine($"bridge log: {line}");
    }

    private static Task<NamespacedBridge> StartBridgeAsync(LoopbackNamespace space, string files)
    {
        var plans = Directory.CreateDirectory(Path.Combine(files, "dialplans")).FullName;
        File.WriteAllText(Path.Combine(plans, "members.yaml"), DialPlan);
        return NamespacedBridge.StartAsync(space.Name, SipPort, 20000, 20199,
            [$"--Bridge:DialPlans={plans}", $"--Bridge:Web:Http=127.0.0.1:{WebPort.ToString(CultureInfo.InvariantCulture)}", "--Bridge:Web:Https="],
            bindAddress: "127.0.0.1");
    }

    private static string Silence(string files)
    {
        var path = Path.Combine(files, "silence.wav");
        if (!File.Exists(path))
        {
            WavFiles.Write(path, new short[PageAudio.Rate * 5], PageAudio.Rate);
        }

        return path;
    }

    /// <summary>A tone <paramref name="seconds"/> on, <paramref name="seconds"/> off, for <paramref name="total"/> seconds.</summary>
    private static short[] OnOff(double frequency, int rate, double seconds, int total)
    {
        var pcm = TestTones.Sine(frequency, rate, rate * total, amplitude: 8000);
        var period = (int)(seconds * rate);
        for (var i = 0; i < pcm.Length; i++)
        {
            if (i / period % 2 == 1)
            {
                pcm[i] = 0;
            }
        }

        return pcm;
    }

    private static string PromptPath(string name) => Path.Combine(RepositoryPaths.Root, "prompts", "en", name + ".wav");
}
