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
    /// <summary>A listening window, not a wait for an event: how long all three stay in the room together; the
    /// recordings' last 4 s before hang-up are measured.</summary>
    private static readonly TimeSpan TogetherInRoom = TimeSpan.FromSeconds(6);

    private sealed record Caller(Baresip Phone, double Tone, Stopwatch SinceEstablished, double JoinedAt)
    {
        public double HangupAt { get; set; }
    }

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
                var sipPort = 15200 + i * 2;
                var phone = await Baresip.StartAsync(sipPort, 4460 + i, 24700 + i * 100, source, ";audio_codecs=PCMU/8000/1");
                var logBefore = fixture.Bridge.ReadLog().Length;
                await phone.DialAsync($"sip:conf@127.0.0.1:{BridgeFixture.SipPort}");
                Assert.True(await phone.WaitForEventAsync("CALL_ESTABLISHED", TimeSpan.FromSeconds(15)), "not established");
                var clock = Stopwatch.StartNew();
                try
                {
                    // The IVR takes digits during its prompts (barge-in): key as soon as it listens.
                    var callId = await fixture.Bridge.WaitForCallStartAsync(BridgeLogWait.PhoneUserTail(sipPort), TimeSpan.FromSeconds(10), logBefore);
                    await phone.SendDigitsAsync("4711#");
                    await fixture.Bridge.WaitForPinPromptAsync(callId, "4711", TimeSpan.FromSeconds(10));
                    await phone.SendDigitsAsync("246810#");
                    await fixture.Bridge.WaitForLineAsync(TimeSpan.FromSeconds(10), $"phone {tones[i]} Hz joining room 4711", $"Call {callId} joined room 4711 as Participant");
                }
                catch
                {
                    await phone.DisposeAsync();
                    throw;
                }

                callers.Add(new Caller(phone, tones[i], clock, clock.Elapsed.TotalSeconds));
            }

            await Task.Delay(TogetherInRoom);
            foreach (var caller in callers)
            {
                caller.HangupAt = caller.SinceEstablished.Elapsed.TotalSeconds;
                await caller.Phone.HangupAsync();
            }

            foreach (var caller in callers)
            {
                Assert.True(await caller.Phone.WaitForEventAsync("CALL_CLOSED", TimeSpan.FromSeconds(10)));
            }

            var log = fixture.Bridge.ReadLog();
            foreach (var caller in callers)
            {
                var (pcm, rate) = WavFiles.Read(await caller.Phone.WaitForReceivedRecordingAsync(TimeSpan.FromSeconds(10)));
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

                // Until it joined, the phone heard prompts only: no tone of the others. The join's place in the recording is
                // the earlier of two estimates, each 0.5 s short of the join line (the log comes later): counted from the
                // recording's end (a recording loses time when baresip drops late packets) and from its start (a recording
                // gains time when baresip pads a stall: one run's recording was 0.8 s longer than the call, and the end-based
                // estimate put the real join, and the tone after it, 0.8 s too early in the recording).
                var joinedInRecording = Math.Min(end - (caller.HangupAt - caller.JoinedAt), caller.JoinedAt) - 0.5;
                foreach (var other in others)
                {
                    var blocks = ToneAnalysis.ToneBlocks(pcm, rate, 0, joinedInRecording, other);
                    Assert.True(blocks == 0, $"phone {own} Hz heard {other} Hz in {blocks} blocks before it joined ({joinedInRecording:F1} s into its recording)");
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
