using System.Net;
using Bridge.Calls.Legs;
using Bridge.Media.Codecs;
using Bridge.Rtp;
using Bridge.TestKit.Audio;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Calls.Tests.Legs;

/// <summary>
/// A leg's Opus receive path with silence skipping (<see cref="LegSilence"/>): real Opus from the bridge's encoder over
/// real UDP into an <see cref="RtpSession"/>, its jitter buffer and <see cref="LegAudioReader"/>, one 20 ms tick per packet on
/// a fake clock. Silence is not decoded after the hangover; a talker after a long silence is heard at once; a steady tone,
/// which Opus' VAD calls "no speech" after a while, is never skipped.
/// </summary>
public sealed class LegSilenceTests : IDisposable
{
    private const int Frame = 960;
    private const int ToneHz = 1000;
    private static int s_range;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }
    }

    private enum Signal
    {
        Silence,
        Tone,

        /// <summary>The tone goes on in the encoder but its packets are not sent (RFC 4733 digits in their place).</summary>
        ToneUnsent,
    }

    [Fact]
    public async Task Opus_silence_is_skipped_a_talker_is_heard_at_once_and_a_steady_tone_is_never_skipped()
    {
        var low = 47000 + (Interlocked.Increment(ref s_range) % 10 * 20);
        var allocator = new RtpPortAllocator(low, low + 19);
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out var sender));
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out var receiver));
        _disposables.Add(sender);
        _disposables.Add(receiver);
        var codec = AudioCodecs.GetInfo(AudioCodecs.Opus);
        var jitter = new JitterBuffer(48000, _time);
        var reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder(codec.Name), codec, new TelephoneEventReceiver(_time), inBandDtmf: false, _ => { });
        receiver.SetClockRates(48000, 48000);
        receiver.ReceivePayloadType = 111;
        receiver.JitterBuffer = jitter;
        receiver.SilentPayload = LegSilence.For(codec, reader);
        sender.SetRemote(receiver.LocalRtpEndPoint);
        sender.Start();
        receiver.Start();

        // 3 s of a steady tone from the call's start (as a test set or a looped file sends it), 2 s silence, a 1 s talkspurt,
        // 1 s silence.
        // The steady tone pauses for half a second of digits: the concealment fades to quiet, the tone's packets still say
        // "no speech" when they come back, and they must still be decoded.
        Signal[] script = [.. Repeat(Signal.Tone, 125), .. Repeat(Signal.ToneUnsent, 25), .. Repeat(Signal.Tone, 25), .. Repeat(Signal.Silence, 100),
            .. Repeat(Signal.Tone, 50), .. Repeat(Signal.Silence, 50)];
        var encoder = AudioCodecs.CreateEncoder(codec.Name);
        var pcm = new short[Frame];
        var payload = new byte[1275];
        var output = new short[Frame];
        var heard = new double[script.Length];
        var skipped = new long[script.Length];
        var concealed = new long[script.Length];
        var classes = new OpusPacketActivity[script.Length];
        uint timestamp = 12345;
        var sent = 0;
        for (var f = 0; f < script.Length; f++)
        {
            if (script[f] != Signal.Silence)
            {
                TestTones.Fill(pcm, ToneHz, 48000, 4000, (long)f * Frame);
            }
            else
            {
                Array.Clear(pcm);
            }

            var length = encoder.Encode(pcm, payload);
            classes[f] = OpusActivity.Classify(payload.AsSpan(0, length));
            timestamp += Frame;
            if (script[f] != Signal.ToneUnsent)
            {
                Assert.True(sender.SendRtp(payload.AsSpan(0, length), 111, marker: f == 0, timestamp - Frame));
                sent++;
            }

            await WaitFor(() => receiver.GetStatistics().PacketsReceived == sent);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            heard[f] = reader.Read(output) ? Goertzel.LevelDbfs(output, ToneHz, 48000) : double.NegativeInfinity;
            skipped[f] = receiver.SilentPacketsSkipped;
            concealed[f] = jitter.GetStatistics().Concealed;
        }

        (encoder as IDisposable)?.Dispose();
        string Trace(int from, int to) => string.Join(" ", Enumerable.Range(from, to - from).Select(i => FormattableString.Invariant($"{i}:{heard[i]:F0}/{skipped[i]}/{concealed[i]}")));

        // A steady tone from a young encoder: Opus' VAD soon calls it "no speech", yet it is heard to its end, nothing skipped.
        Assert.Contains(OpusPacketActivity.NoSpeech, classes[..125]);
        Assert.True(skipped[174] == 0, $"{skipped[174]} packets of a steady tone skipped: {Trace(0, 175)}");
        Assert.True(heard.Skip(5).Take(120).All(h => h > -30), $"the steady tone was not heard throughout: {Trace(0, 125)}");
        Assert.True(heard.Skip(155).Take(20).All(h => h > -30), $"the steady tone was not heard after its pause: {Trace(125, 175)}");

        // Silence: skipped once the encoder settled, the hangover (200 ms) passed and the decoded audio was quiet, and the
        // jitter buffer conceals only a few frames around it (no long run of PLC).
        Assert.True(skipped[274] - skipped[174] >= 70, $"only {skipped[274] - skipped[174]} of 100 silent packets skipped: {Trace(175, 275)}");
        Assert.True(concealed[274] - concealed[174] <= 6, $"{concealed[274] - concealed[174]} frames concealed in a silence: {Trace(175, 275)}");

        // The talkspurt after 2 s of silence: heard within the jitter buffer's delay (40 ms) and a frame, none of it skipped.
        var onset = Array.FindIndex(heard, 275, h => h > -30) - 275;
        Assert.True(onset is >= 0 and <= 3, $"talkspurt heard {onset} ticks after its first packet: {Trace(270, 295)}");
        Assert.True(skipped[324] == skipped[274], $"talkspurt packets were skipped: {Trace(270, 325)}");
        Assert.True(skipped[^1] > skipped[324], $"the last silence was not skipped: {Trace(325, 375)}");
    }

    private static IEnumerable<Signal> Repeat(Signal signal, int count) => Enumerable.Repeat(signal, count);

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "a packet did not arrive within 5 s");
            await Task.Delay(1);
        }
    }
}
