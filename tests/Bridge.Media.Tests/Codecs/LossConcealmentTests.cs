using Bridge.Media.Codecs;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Codecs;

public sealed class LossConcealmentTests
{
    [Theory]
    [InlineData("PCMU", 200)]
    [InlineData("PCMA", 310)]
    [InlineData("G722", 250)]
    public void Loss_repeats_the_pitch_then_fades_to_silence_within_60_ms(string name, double pitch)
    {
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(name);
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(name);
        int rate = decoder.SampleRate;
        int frame = rate / 50;
        byte[] payload = new byte[1500];
        short[] pcm = new short[frame];
        for (int f = 0; f < 10; f++)
        {
            TestTones.Fill(pcm, pitch, rate, 10000, (long)f * frame);
            int bytes = encoder.Encode(pcm, payload);
            decoder.Decode(payload.AsSpan(0, bytes), pcm);
        }

        double original = Goertzel.RmsDbfs(pcm);
        short[] first = new short[frame];
        short[] second = new short[frame];
        short[] third = new short[frame];
        short[] fourth = new short[frame];
        Assert.Equal(frame, decoder.Conceal(first, ReadOnlySpan<byte>.Empty));
        decoder.Conceal(second, ReadOnlySpan<byte>.Empty);
        decoder.Conceal(third, ReadOnlySpan<byte>.Empty);
        decoder.Conceal(fourth, ReadOnlySpan<byte>.Empty);

        Assert.InRange(Goertzel.RmsDbfs(first), original - 4, original + 1);
        Assert.True(Goertzel.SeparationDb(first, pitch, pitch * 2.7, rate) > 20, "concealment keeps the pitch");
        Assert.True(Goertzel.RmsDbfs(second) < Goertzel.RmsDbfs(first) - 2);
        Assert.True(Goertzel.RmsDbfs(third) < Goertzel.RmsDbfs(second) - 3);
        Assert.True(Goertzel.RmsDbfs(fourth) < -150, "silence after 60 ms");

        TestTones.Fill(pcm, pitch, rate, 10000, 14L * frame);
        int n = encoder.Encode(pcm, payload);
        Assert.Equal(frame, decoder.Decode(payload.AsSpan(0, n), pcm));
        Assert.True(Math.Abs((int)pcm[0]) < 1000, "the first good frame fades in from the silent concealment");
    }
}
