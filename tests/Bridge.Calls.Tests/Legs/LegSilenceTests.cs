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

        /// <summary>Line noise about 7 dB under the quiet level.</summary>
        Noise,

        /// <summary>A tone at -49 dBFS, over the mixer's talk-off.</summary>
        FaintTone,
    }

    private sealed class Run(int frames)
    {
        public double[] Heard { get; } = new double[frames];

        public long[] Skipped { get; } = new long[frames];

        public long[] Concealed { get; } = new long[frames];

        public byte[][] Payloads { get; } = new byte[frames][];

        public string Trace(int from, int to) =>
            string.Join(" ", Enumerable.Range(from, to - from).Select(i => FormattableString.Invariant($"{i}:{Heard[i]:F0}/{Skipped[i]}/{Concealed[i]}")));
    }

    [Fact]
    public async Task Opus_silence_is_skipped_a_talker_is_heard_at_once_and_a_steady_tone_is_never_skipped()
    {
        // 3 s of a steady tone from the call's start (as a test set or a looped file sends it), 2 s silence, a 1 s talkspurt,
        // 1 s silence.
        // The steady tone pauses for half a second of digits: the concealment fades to quiet, the tone's packets still say
        // "no speech" when they come back, and they must still be decoded.
        Signal[] script = [.. Repeat(Signal.Tone, 125), .. Repeat(Signal.ToneUnsent, 25), .. Repeat(Signal.Tone, 25), .. Repeat(Signal.Silence, 100),
            .. Repeat(Signal.Tone, 50), .. Repeat(Signal.Silence, 50)];
        var run = await RunAsync(AudioCodecs.Opus, 111, script);
        var (heard, skipped, concealed) = (run.Heard, run.Skipped, run.Concealed);
        string Trace(int from, int to) => run.Trace(from, to);

        // A steady tone from a young encoder: Opus' VAD soon calls it "no speech", yet it is heard to its end, nothing skipped.
        Assert.Contains(OpusPacketActivity.NoSpeech, run.Payloads[..125].Select(p => OpusActivity.Classify(p)));
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

    [Theory]
    [InlineData(AudioCodecs.Pcmu, 0)]
    [InlineData(AudioCodecs.Pcma, 8)]
    public async Task G711_quiet_is_skipped_by_its_level_a_talker_is_heard_at_once_and_a_tone_is_never_skipped(string codec, byte payloadType)
    {
        // 2 s of a steady tone, 2 s of digital silence, a 1 s talkspurt, 2 s of line noise 7 dB under the quiet level,
        // 1 s of a faint tone 3 dB over the mixer's talk-off (-49 dBFS: quiet to the ear, not to the mixer).
        Signal[] script = [.. Repeat(Signal.Tone, 100), .. Repeat(Signal.Silence, 100), .. Repeat(Signal.Tone, 50),
            .. Repeat(Signal.Noise, 100), .. Repeat(Signal.FaintTone, 50)];
        var run = await RunAsync(codec, payloadType, script);
        var (heard, skipped, concealed) = (run.Heard, run.Skipped, run.Concealed);
        string Trace(int from, int to) => run.Trace(from, to);

        Assert.True(skipped[99] == 0, $"{skipped[99]} packets of a steady tone skipped: {Trace(0, 100)}");
        Assert.True(heard.Skip(3).Take(97).All(h => h > -30), $"the steady tone was not heard throughout: {Trace(0, 100)}");

        // Silence: every packet after the 200 ms hangover (10 frames) is skipped, and nothing is concealed for them.
        Assert.True(skipped[199] - skipped[99] >= 88, $"only {skipped[199] - skipped[99]} of 100 silent packets skipped: {Trace(100, 200)}");
        Assert.True(concealed[199] - concealed[99] <= 3, $"{concealed[199] - concealed[99]} frames concealed in a silence: {Trace(100, 200)}");

        var onset = Array.FindIndex(heard, 200, h => h > -30) - 200;
        Assert.True(onset is >= 0 and <= 3, $"talkspurt heard {onset} ticks after its first packet: {Trace(195, 215)}");
        Assert.True(skipped[249] == skipped[199], $"talkspurt packets were skipped: {Trace(195, 250)}");

        // Line noise under the quiet level is skipped like silence; a faint tone over the talk-off never is, and is heard.
        Assert.True(skipped[349] - skipped[249] >= 85, $"only {skipped[349] - skipped[249]} of 100 noise packets skipped: {Trace(250, 350)}");
        Assert.True(skipped[^1] == skipped[349], $"packets of a faint tone were skipped: {Trace(345, 400)}");
        Assert.True(heard.Skip(353).All(h => h > -60), $"the faint tone was not heard: {Trace(345, 400)}");
    }

    private async Task<Run> RunAsync(string codecName, byte payloadType, Signal[] script)
    {
        var low = 47000 + (Interlocked.Increment(ref s_range) % 10 * 20);
        var allocator = new RtpPortAllocator(low, low + 19);
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out var sender));
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out var receiver));
        _disposables.Add(sender);
        _disposables.Add(receiver);
        var codec = AudioCodecs.GetInfo(codecName);
        int frame = codec.SampleRate / 50;
        var jitter = new JitterBuffer(codec.RtpClockRate, _time);
        var reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder(codec.Name), codec, new TelephoneEventReceiver(_time), inBandDtmf: false, _ => { });
        receiver.SetClockRates(codec.RtpClockRate, codec.RtpClockRate);
        receiver.ReceivePayloadType = payloadType;
        receiver.JitterBuffer = jitter;
        receiver.SilentPayload = LegSilence.For(codec, reader);
        sender.SetRemote(receiver.LocalRtpEndPoint);
        sender.Start();
        receiver.Start();

        var encoder = AudioCodecs.CreateEncoder(codec.Name);
        var noise = new Random(3389);
        var pcm = new short[frame];
        var payload = new byte[1275];
        var output = new short[frame];
        var run = new Run(script.Length);
        uint timestamp = 12345;
        var sent = 0;
        for (var f = 0; f < script.Length; f++)
        {
            switch (script[f])
            {
                case Signal.Silence:
                    Array.Clear(pcm);
                    break;
                case Signal.Noise:
                    // Uniform noise of peak 50: mean square 50²/3, about -62 dBFS.
                    for (var i = 0; i < pcm.Length; i++)
                    {
                        pcm[i] = (short)noise.Next(-50, 51);
                    }

                    break;
                case Signal.FaintTone:
                    TestTones.Fill(pcm, ToneHz, codec.SampleRate, 32768 * Math.Sqrt(2) * Math.Pow(10, -49 / 20.0), (long)f * frame);
                    break;
                default:
                    TestTones.Fill(pcm, ToneHz, codec.SampleRate, 4000, (long)f * frame);
                    break;
            }

            var length = encoder.Encode(pcm, payload);
            run.Payloads[f] = payload[..length];
            timestamp += (uint)(codec.RtpClockRate / 50);
            if (script[f] != Signal.ToneUnsent)
            {
                Assert.True(sender.SendRtp(payload.AsSpan(0, length), payloadType, marker: f == 0, timestamp - (uint)(codec.RtpClockRate / 50)));
                sent++;
            }

            await WaitFor(() => receiver.GetStatistics().PacketsReceived == sent);
            _time.Advance(TimeSpan.FromMilliseconds(20));
            run.Heard[f] = reader.Read(output) ? Goertzel.LevelDbfs(output, ToneHz, codec.SampleRate) : double.NegativeInfinity;
            run.Skipped[f] = receiver.SilentPacketsSkipped;
            run.Concealed[f] = jitter.GetStatistics().Concealed;
        }

        (encoder as IDisposable)?.Dispose();
        return run;
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
