using Bridge.Calls.Legs;
using Bridge.Media.Codecs;
using Bridge.Rtp;
using Bridge.TestKit.Audio;
using Microsoft.Extensions.Time.Testing;
using NAudio.Codecs;

namespace Bridge.Calls.Tests.Legs;

/// <summary>The leg's receive path: jitter buffer → decoder → exactly 20 ms per mixer tick, whatever the sender's ptime.</summary>
public sealed class LegAudioReaderTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    [InlineData(30)]
    [InlineData(60)]
    public void Any_ptime_becomes_a_steady_20ms_stream(int ptime)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var codec = AudioCodecs.GetInfo("PCMU");
        var jitter = new JitterBuffer(8000, time);
        var digits = new List<char>();
        var reader = new LegAudioReader(jitter, AudioCodecs.CreateDecoder("PCMU"), codec, new TelephoneEventReceiver(time), inBandDtmf: false, digits.Add);
        var tone = TestTones.Sine(1000, 8000, 8000 * 3);
        var samplesPerPacket = 8 * ptime;
        var output = new List<short>();
        var frame = new short[160];
        var sent = 0;
        ushort sequence = 100;
        for (var ms = 0; ms < 3000; ms++)
        {
            if (ms % ptime == 0 && sent + samplesPerPacket <= tone.Length)
            {
                var payload = new byte[samplesPerPacket];
                for (var i = 0; i < payload.Length; i++)
                {
                    payload[i] = MuLawEncoder.LinearToMuLawSample(tone[sent + i]);
                }

                Assert.True(jitter.Put(payload, sequence++, (uint)(5000 + sent), 0x1234, 0, marker: sent == 0));
                sent += samplesPerPacket;
            }

            if (ms % 20 == 0)
            {
                if (reader.Read(frame))
                {
                    output.AddRange(frame);
                }
                else if (output.Count > 0 && ms < 2800)
                {
                    Assert.Fail($"the stream stopped at {ms} ms after it had started");
                }
            }

            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.True(output.Count >= 8000 * 2, $"only {output.Count} samples came out");
        var steady = output.ToArray().AsSpan(1600, 8000);
        Assert.True(Goertzel.LevelDbfs(steady, 1000, 8000) > -15);
        Assert.True(Goertzel.SeparationDb(steady, 1000, 1300, 8000) > 30, "the 20 ms re-framing broke the tone");
        Assert.Empty(digits);
    }

    [Fact]
    public void Nothing_received_is_no_frame_rather_than_silence_that_counts_as_talk()
    {
        var time = new FakeTimeProvider();
        var reader = new LegAudioReader(new JitterBuffer(8000, time), AudioCodecs.CreateDecoder("PCMU"), AudioCodecs.GetInfo("PCMU"),
            new TelephoneEventReceiver(time), inBandDtmf: true, _ => { });
        Assert.False(reader.Read(new short[160]));
    }
}
