using System.Text.RegularExpressions;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #3: the media engine against real peers. The echo test of the default dial plan (<c>echo</c>)
/// decodes what the caller sends, delays it 1 s and encodes it back, so what the caller records is the
/// bridge's decode followed by its encode; digits typed during the echo test are logged (no PIN there).
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed partial class MediaInteropTests(BridgeFixture fixture)
{
    /// <summary>A listening window, not a wait for an event: the recording must hold the prompt, the 1 s echo delay
    /// and the steady echo from 4 s to 6 s that is measured.</summary>
    private static readonly TimeSpan EchoListening = TimeSpan.FromSeconds(7);

    [Fact]
    public async Task Sipp_RFC4733_digits_after_PCMA_audio_arrive_once_and_in_order_despite_the_SSRC_change()
    {
        var logBefore = fixture.Bridge.ReadLog().Length;

        var run = await Sipp.RunAsync("uac_echo_dtmf.xml", $"127.0.0.1:{BridgeFixture.SipPort}", "echo",
            calls: 1, rate: 1, limit: 1, TimeSpan.FromSeconds(40));
        Assert.True(run.ExitCode == 0, "sipp echo/DTMF call failed:\n" + run.Output);

        // The '#' ends 1 s before sipp's BYE: its line can still be in the bridge's output pipe when sipp is done.
        await fixture.Bridge.WaitForLinesAsync(2, BridgeLogWait.LogDelivery, "the echo test logging two digits", logBefore, "echo test: digit");
        var log = fixture.Bridge.ReadLog()[logBefore..];
        var digits = string.Concat(EchoDigit().Matches(log).Select(m => m.Groups[1].Value));
        Assert.Equal("1#", digits);
    }

    public static TheoryData<string, string> Codecs() => new()
    {
        { "PCMU", "PCMU/8000/1" },
        { "G722", "G722/16000/1" },
        { "opus", "opus/48000/2" },
    };

    [Theory]
    [MemberData(nameof(Codecs))]
    public async Task Baresip_hears_its_own_1kHz_tone_back_from_the_echo_test(string codec, string baresipCodec)
    {
        var offset = Array.IndexOf(["PCMU", "G722", "opus"], codec);
        var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone1000.wav");
        WavFiles.Write(source, TestTones.Sine(1000, 8000, 8000 * 30), 8000);

        await using var phone = await Baresip.StartAsync(15080 + offset * 2, 4450 + offset, 24400 + offset * 100, source,
            $";audio_codecs={baresipCodec}");
        await phone.DialAsync($"sip:echo@127.0.0.1:{BridgeFixture.SipPort}");
        Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "call not established: " + string.Join('\n', phone.Events));

        await Task.Delay(EchoListening);
        await phone.HangupAsync();
        Assert.True(await phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));

        var (pcm, rate) = WavFiles.Read(await phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
        // Skip the "echo test" prompt and the 1 s delay; measure the steady part.
        var steady = pcm.AsSpan(Math.Min(pcm.Length, rate * 4), Math.Min(rate * 2, Math.Max(0, pcm.Length - rate * 4)));
        Assert.True(steady.Length >= rate, $"recording too short: {pcm.Length} samples at {rate} Hz");
        var tone = Goertzel.LevelDbfs(steady, 1000, rate);
        var off = Goertzel.LevelDbfs(steady, 1400, rate);
        Assert.True(tone > -30, $"{codec}: the 1 kHz tone came back at {tone:F1} dBFS");
        Assert.True(tone - off > 20, $"{codec}: 1 kHz at {tone:F1} dBFS is not clear of 1.4 kHz at {off:F1} dBFS");
    }

    [GeneratedRegex(@"echo test: digit '?([0-9A-D*#])")]
    private static partial Regex EchoDigit();
}
