using System.Diagnostics;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Issue 9 "How to show it is done": two browsers (Chromium, each fake microphone playing its own tone) and two baresip
/// phones (each playing its own tone) in room 4711, all in a namespace with only loopback. Every participant hears the
/// three others and not itself (Goertzel: the phones' own recordings, the browsers' room audio recorded in the page),
/// and each browser's roster lists all four, the phones as <c>Phone ***NNN</c>. Reports a skip without the browser gateway.
/// </summary>
public sealed class BrowserAudioInteropTests(ITestOutputHelper output)
{
    private static readonly double[] PhoneTones = [500, 900];
    private static readonly double[] BrowserTones = [1300, 1700];
    private static readonly string[] Names = ["Ann", "Bob"];

    [SkippableFact]
    public async Task Two_browsers_and_two_phones_each_hear_the_three_others_and_not_themselves()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        var tones = Directory.CreateTempSubdirectory("browser-tones-").FullName;
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await BrowserInteropTests.StartBridgeAsync(space);
        var browsers = new List<NamespacedChromium>();
        var phones = new List<Baresip>();
        try
        {
            var pages = new List<RoomPage>();
            for (var i = 0; i < BrowserTones.Length; i++)
            {
                var wav = Path.Combine(tones, $"browser{i}.wav");
                WavFiles.Write(wav, TestTones.Sine(BrowserTones[i], 48000, 48000 * 60, amplitude: 8000), 48000);
                browsers.Add(await NamespacedChromium.LaunchAsync(space, wav));
                pages.Add(await RoomPage.OpenAsync(browsers[i].Browser, BrowserInteropTests.PageUrl));
            }

            Skip.If(!await pages[0].SignallingAvailableAsync(), "the bridge has no browser gateway yet (issue 9 media side): /ws answers 503");

            for (var i = 0; i < PhoneTones.Length; i++)
            {
                var wav = Path.Combine(tones, $"phone{i}.wav");
                WavFiles.Write(wav, TestTones.Sine(PhoneTones[i], 8000, 8000 * 60, amplitude: 8000), 8000);
                var sipPort = 5080 + i * 2;
                var phone = await Baresip.StartAsync(sipPort, 4444 + i, 24400 + i * 100, wav, ";audio_codecs=PCMU/8000/1", space: space.Name);
                phones.Add(phone);
                await phone.DialAsync($"sip:7{BrowserInteropTests.Room}@127.0.0.1:{BrowserInteropTests.SipPort}");
                Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), $"phone {i} not established");
                await Task.Delay(TimeSpan.FromSeconds(1.5)); // the IVR listens from its first prompt on (barge-in)
                await phone.SendDigitsAsync(BrowserInteropTests.Pin + "#");
                await BrowserInteropTests.WaitForLogAsync(bridge, log => PinLockoutInteropTests.JoinedAs(log, "***" + (sipPort % 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture)));
            }

            for (var i = 0; i < pages.Count; i++)
            {
                var clock = Stopwatch.StartNew();
                await pages[i].JoinAsync(BrowserInteropTests.Pin, Names[i]);
                var first = await pages[i].FirstAudioPacketAsync(clock, TimeSpan.FromSeconds(20));
                output.WriteLine($"browser {Names[i]}: Join clicked → first audio packet {first.TotalMilliseconds:F0} ms ({await pages[i].JoinTimelineAsync()})");
            }

            foreach (var (page, i) in pages.Select((page, i) => (page, i)))
            {
                await Assertions.Expect(page.Participants).ToHaveCountAsync(4);
                await Assertions.Expect(page.Participants.Filter(new() { HasText = "Phone ***080" })).ToHaveCountAsync(1);
                await Assertions.Expect(page.Participants.Filter(new() { HasText = "Phone ***082" })).ToHaveCountAsync(1);
                await Assertions.Expect(page.Participants.Filter(new() { HasText = Names[i] + " (you)" })).ToHaveCountAsync(1);
                await Assertions.Expect(page.Participants.Filter(new() { HasText = Names[1 - i] })).ToHaveCountAsync(1);
            }

            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var heard = await Task.WhenAll(pages.Select(page => page.RecordRoomAsync(3)));
            await pages[0].ScreenshotAsync(Path.Combine(Path.GetTempPath(), "bridge-browser-four.png"));
            foreach (var phone in phones)
            {
                await phone.HangupAsync();
            }

            double[] all = [.. PhoneTones, .. BrowserTones];
            for (var i = 0; i < pages.Count; i++)
            {
                Assert.True(heard[i].Length > 48000 * 2, $"browser {Names[i]} recorded {heard[i].Length} samples of the room");
                Judge($"browser {Names[i]}", heard[i], 48000, 0.5, heard[i].Length / 48000.0, BrowserTones[i], all);
            }

            for (var i = 0; i < phones.Count; i++)
            {
                Assert.True(await phones[i].WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)), $"phone {i} not closed");
                var (pcm, rate) = WavFiles.Read(await phones[i].WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
                var end = pcm.Length / (double)rate;
                Judge($"phone {PhoneTones[i]} Hz", pcm, rate, end - 4, end - 0.5, PhoneTones[i], all);
            }
        }
        finally
        {
            foreach (var phone in phones)
            {
                await phone.DisposeAsync();
            }

            foreach (var browser in browsers)
            {
                await browser.DisposeAsync();
            }
        }
    }

    /// <summary>Each other tone clearly there, the listener's own at least 20 dB below every other one (N-1).</summary>
    private void Judge(string who, short[] pcm, int rate, double from, double to, double own, double[] all)
    {
        var ownLevel = ToneAnalysis.Level(pcm, rate, from, to, own);
        var levels = all.Where(tone => tone != own).Select(tone => (Tone: tone, Level: ToneAnalysis.Level(pcm, rate, from, to, tone))).ToArray();
        output.WriteLine($"{who}: own {own} Hz {ownLevel:F1} dBFS; " + string.Join(", ", levels.Select(l => $"{l.Tone} Hz {l.Level:F1} dBFS")));
        foreach (var (tone, level) in levels)
        {
            Assert.True(level > -40, $"{who} does not hear {tone} Hz: {level:F1} dBFS");
            Assert.True(level - ownLevel >= 20, $"{who} hears itself: own {ownLevel:F1} dBFS vs {tone} Hz {level:F1} dBFS");
        }
    }
}
