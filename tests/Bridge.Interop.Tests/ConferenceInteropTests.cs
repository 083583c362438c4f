using System.Diagnostics;
using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Audio;

namespace Bridge.Interop.Tests;

/// <summary>
/// Issue #4: real phones hold a conference through the default dial plan: dial <c>conf</c>, enter the room
/// number and the PIN by RFC 4733, and hear each other, never themselves and never the room before the PIN.
/// </summary>
[Collection(BridgeCollection.Name)]
public sealed class ConferenceInteropTests(BridgeFixture fixture)
{
    private sealed record Caller(Baresip Phone, double Tone, Stopwatch SinceEstablished, double PinSentAt);

    [Fact]
    public async Task Three_baresip_phones_hear_the_other_two_tones_and_not_their_own()
    {
        double[] tones = [440, 1000, 1800];
        var callers = new List<Caller>();
        try
        {
            for (var i = 0; i < tones.Length; i++)
            {
                var source = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, $"tone{tones[i]}.wav");
                WavFiles.Write(source, TestTones.Sine(tones[i], 8000, 8000 * 60, amplitude: 8000), 8000);
                var phone = await Baresip.StartAsync(15200 + i * 2, 4460 + i, 24700 + i * 100, source, ";audio_codecs=PCMU/8000/1");
                await phone.DialAsync($"sip:conf@127.0.0.1:{BridgeFixture.SipPort}");
                Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established");
                var clock = Stopwatch.StartNew();
                await Task.Delay(1500);
                await phone.SendDigitsAsync("4711#");
                await Task.Delay(3000);
                var pinAt = clock.Elapsed.TotalSeconds;
                await phone.SendDigitsAsync("246810#");
                callers.Add(new Caller(phone, tones[i], clock, pinAt));
                await Task.Delay(4000);
            }

            await Task.Delay(6000);
            foreach (var caller in callers)
            {
                await caller.Phone.HangupAsync();
            }

            foreach (var caller in callers)
            {
                Assert.True(await caller.Phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));
            }

            var log = fixture.Bridge.ReadLog();
            foreach (var caller in callers)
            {
                var recording = caller.Phone.ReceivedRecording();
                Assert.NotNull(recording);
                var (pcm, rate) = WavFiles.Read(recording!);
                var end = pcm.Length / (double)rate;
                var own = caller.Tone;
                var others = tones.Where(t => t != own).ToArray();

                // All three in the room: the last 4 s before hang-up.
                var ownLevel = ToneAnalysis.Level(pcm, rate, end - 5, end - 1, own);
                foreach (var other in others)
                {
                    var level = ToneAnalysis.Level(pcm, rate, end - 5, end - 1, other);
                    Assert.True(level > -35, $"phone {own} Hz does not hear {other} Hz: {level:F1} dBFS");
                    Assert.True(level - ownLevel >= 20, $"phone {own} Hz hears itself: own {ownLevel:F1} dBFS vs {other} Hz {level:F1} dBFS");
                }

                // Before its PIN was sent, the phone heard prompts only: no tone of the others.
                foreach (var other in others)
                {
                    var blocks = ToneAnalysis.ToneBlocks(pcm, rate, 0, caller.PinSentAt - 0.5, other);
                    Assert.True(blocks == 0, $"phone {own} Hz heard {other} Hz in {blocks} blocks before its PIN");
                }
            }

            Assert.True(log.Split('\n').Count(l => l.Contains("joined room 4711 as Participant", StringComparison.Ordinal)) >= 3, "joins not logged");
        }
        finally
        {
            foreach (var caller in callers)
            {
                await caller.Phone.DisposeAsync();
            }
        }
    }
}
