using Bridge.Media.Codecs;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Codecs;

/// <summary>A listener's own encoder takes over a shared encoder's state: from then on both must produce the same bytes.</summary>
public sealed class EncoderStateTransferTests
{
    [Theory]
    [InlineData(AudioCodecs.G722)]
    [InlineData(AudioCodecs.Opus)]
    public void An_encoder_that_took_over_the_state_continues_bit_exactly(string codec)
    {
        AudioCodecInfo info = AudioCodecs.GetInfo(codec);
        IAudioEncoder shared = AudioCodecs.CreateEncoder(codec);
        IAudioEncoder own = AudioCodecs.CreateEncoder(codec);
        if (own is not IEncoderStateTransfer transfer)
        {
            Assert.Equal(AudioCodecs.Opus, codec); // only Opus on Concentus cannot hand over (then it never shares)
            Assert.Contains("Concentus", AudioCodecs.OpusImplementation, StringComparison.Ordinal);
            return;
        }

        var pcm = new short[info.SamplesPerFrame];
        var a = new byte[1500];
        var b = new byte[1500];
        long offset = 0;
        for (int i = 0; i < 20; i++)
        {
            TestTones.Fill(pcm, 440 + (i * 37), info.SampleRate, 9000, offset);
            offset += pcm.Length;
            shared.Encode(pcm, a);
            own.Encode(pcm.AsSpan().ToArray().Reverse().ToArray(), b); // a different history
        }

        Assert.True(transfer.TryCopyStateFrom(shared));
        for (int i = 0; i < 20; i++)
        {
            TestTones.Fill(pcm, 700, info.SampleRate, 9000, offset);
            offset += pcm.Length;
            int na = shared.Encode(pcm, a);
            int nb = own.Encode(pcm, b);
            Assert.Equal(a.AsSpan(0, na).ToArray(), b.AsSpan(0, nb).ToArray());
        }
    }
}
