using System.Diagnostics;
using System.Globalization;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Skipping;
using Xunit.Abstractions;

namespace Bridge.Interop.Tests.Browser;

/// <summary>
/// Issue 9: a SIP phone with DTLS-SRTP (baresip <c>mediaenc=dtls_srtp</c>) and a Chromium browser (DTLS-SRTP through ICE)
/// in one room hear each other. Both use the bridge's one DTLS certificate. In a network namespace of its own with only
/// <c>lo</c>, like the other browser tests.
/// </summary>
public sealed class DtlsPhoneBrowserInteropTests(ITestOutputHelper output)
{
    private const int PhoneSipPort = 5084;
    private const double PhoneTone = 470;
    private const double BrowserTone = 1170;

    /// <summary>A listening window, not a wait for an event: how long the page records the room.</summary>
    private static readonly TimeSpan Listening = TimeSpan.FromSeconds(4);

    [SkippableFact]
    public async Task A_DTLS_SRTP_phone_and_a_browser_hear_each_other()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        var tones = Directory.CreateTempSubdirectory("bridge-dtls-browser-").FullName;
        await using var space = await LoopbackNamespace.CreateAsync();
        await using var bridge = await BrowserInteropTests.StartBridgeAsync(space);

        var phoneWav = Path.Combine(tones, "phone.wav");
        WavFiles.Write(phoneWav, TestTones.Sine(PhoneTone, 8000, 8000 * 120, amplitude: 8000), 8000);
        await using var phone = await Baresip.StartAsync(PhoneSipPort, 4446, 24600, phoneWav, ";audio_codecs=PCMU/8000/1;mediaenc=dtls_srtp", space: space.Name);
        await phone.DialAsync($"sip:7{BrowserInteropTests.Room}@127.0.0.1:{BrowserInteropTests.SipPort.ToString(CultureInfo.InvariantCulture)}");
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(20)), "DTLS-SRTP call not established:\n" + string.Join('\n', phone.Events));
        var masked = "***" + BridgeLogWait.PhoneUserTail(PhoneSipPort);
        await BrowserInteropTests.WaitForLogAsync(bridge, log => log.Contains("asks for the PIN of room " + BrowserInteropTests.Room, StringComparison.Ordinal));
        await phone.SendDigitsAsync(BrowserInteropTests.Pin + "#");
        await BrowserInteropTests.WaitForLogAsync(bridge, log => PinLockoutInteropTests.JoinedAs(log, masked));
        Assert.Contains("DTLS-SRTP RTP keys ready", bridge.ReadLog(), StringComparison.Ordinal);

        var browserWav = Path.Combine(tones, "browser.wav");
        WavFiles.Write(browserWav, TestTones.Sine(BrowserTone, PageAudio.Rate, PageAudio.Rate * 20, amplitude: 8000), PageAudio.Rate);
        await using var chromium = await NamespacedChromium.LaunchAsync(space, browserWav);
        var page = await RoomPage.OpenAsync(chromium.Browser, $"http://127.0.0.1:18080/rooms/{BrowserInteropTests.Room}");
        Skip.If(!await page.SignallingAvailableAsync(), "the bridge has no browser gateway: /ws answers 503");
        var audio = PageAudio.Of(chromium);
        await page.JoinAsync(BrowserInteropTests.Pin, "Ann");
        await audio.FirstAudioAsync(Stopwatch.StartNew(), TimeSpan.FromSeconds(30));
        await audio.StartRecordingAsync();
        await Task.Delay(Listening);
        var (pcm, _) = await audio.StopRecordingAsync();
        await page.LeaveAsync();
        await phone.HangupAsync();
        Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));

        var seconds = pcm.Length / (double)PageAudio.Rate;
        var browserHears = ToneAnalysis.Level(pcm, PageAudio.Rate, 0.5, seconds, PhoneTone);
        var browserOwn = ToneAnalysis.Level(pcm, PageAudio.Rate, 0.5, seconds, BrowserTone);
        var (phonePcm, rate) = WavFiles.Read(await phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(15)));
        var end = phonePcm.Length / (double)rate;
        var phoneHears = ToneAnalysis.Level(phonePcm, rate, end - 4, end - 1, BrowserTone);
        var phoneOwn = ToneAnalysis.Level(phonePcm, rate, end - 4, end - 1, PhoneTone);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"browser hears the phone at {browserHears:F1} dBFS (own {browserOwn:F1}); the phone hears the browser at {phoneHears:F1} dBFS (own {phoneOwn:F1})"));
        Assert.True(browserHears > -55 && browserHears - browserOwn >= 15, $"the browser does not hear the DTLS phone: {browserHears:F1} dBFS, own {browserOwn:F1}");
        Assert.True(phoneHears > -55 && phoneHears - phoneOwn >= 15, $"the DTLS phone does not hear the browser: {phoneHears:F1} dBFS, own {phoneOwn:F1}");
    }
}
