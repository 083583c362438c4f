using Bridge.Media.Codecs;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Codecs;

public sealed class CodecRoundTripTests
{
    public CodecRoundTripTests() => AudioCodecs.WarmUp();

    [Theory]
    [InlineData("PCMU")]
    [InlineData("PCMA")]
    [InlineData("G722")]
    [InlineData("opus")]
    public void A_1_kHz_tone_comes_out_at_1_kHz(string name)
    {
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(name);
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(name);
        int rate = encoder.SampleRate;
        int frame = AudioFrame.SamplesPerFrame(rate);
        var output = new List<short>();
        byte[] payload = new byte[1500];
        short[] decoded = new short[AudioFrame.MaxPacketSamples];
        for (int f = 0; f < 50; f++)
        {
            short[] pcm = TestTones.Sine(1000, rate, frame, 10000, (long)f * frame);
            int bytes = encoder.Encode(pcm, payload);
            Assert.True(bytes > 0);
            int samples = decoder.Decode(payload.AsSpan(0, bytes), decoded);
            Assert.Equal(frame, samples);
            output.AddRange(decoded.AsSpan(0, samples));
        }

        short[] steady = [.. output.Skip(rate / 5)];
        double level = Goertzel.LevelDbfs(steady, 1000, rate);
        Assert.InRange(level, -12.3 - 2, -10.3 + 1);
        Assert.True(Goertzel.SeparationDb(steady, 1000, 500, rate) > 30);
        Assert.True(Goertzel.SeparationDb(steady, 1000, 2000, rate) > 30);
    }

    [Theory]
    [InlineData("PCMU", 8000, 8000, 0)]
    [InlineData("PCMA", 8000, 8000, 8)]
    [InlineData("G722", 16000, 8000, 9)]
    [InlineData("OPUS", 48000, 48000, -1)]
    public void Codec_facts_follow_RFC_3551_and_7587(string name, int rate, int clock, int pt)
    {
        AudioCodecInfo info = AudioCodecs.GetInfo(name);
        Assert.Equal(rate, info.SampleRate);
        Assert.Equal(clock, info.RtpClockRate);
        Assert.Equal(pt, info.StaticPayloadType);
        Assert.Equal(clock / 50, info.TimestampIncrementPerFrame);
        Assert.Equal(rate, AudioCodecs.CreateDecoder(name).SampleRate);
        Assert.Equal(clock, AudioCodecs.CreateEncoder(name).RtpClockRate);
    }

    [Fact]
    public void Unknown_codec_is_rejected()
    {
        Assert.False(AudioCodecs.TryGetInfo("GSM", out _));
        Assert.Throws<ArgumentException>(() => AudioCodecs.CreateEncoder("GSM"));
    }

    [Theory]
    [InlineData("PCMU", 10)]
    [InlineData("PCMU", 30)]
    [InlineData("PCMU", 60)]
    [InlineData("G722", 10)]
    [InlineData("G722", 60)]
    [InlineData("opus", 10)]
    [InlineData("opus", 40)]
    [InlineData("opus", 60)]
    public void Decoders_accept_any_ptime_from_10_to_60_ms(string name, int ptime)
    {
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(name);
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(name);
        int samples = encoder.SampleRate * ptime / 1000;
        short[] pcm = TestTones.Sine(1000, encoder.SampleRate, samples);
        byte[] payload = new byte[1500];
        int bytes = encoder.Encode(pcm, payload);
        Assert.True(bytes > 0);
        short[] decoded = new short[AudioFrame.MaxPacketSamples];
        Assert.Equal(samples, decoder.Decode(payload.AsSpan(0, bytes), decoded));
    }

    [Theory]
    [InlineData("PCMU")]
    [InlineData("G722")]
    [InlineData("opus")]
    public void Bad_input_returns_an_error_value(string name)
    {
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(name);
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(name);
        Assert.Equal(-1, decoder.Decode(ReadOnlySpan<byte>.Empty, new short[960]));
        Assert.Equal(-1, decoder.Decode(new byte[400], new short[10]));
        Assert.Equal(-1, encoder.Encode(new short[encoder.SampleRate / 50], []));
        if (name != AudioCodecs.Pcmu)
        {
            Assert.Equal(-1, encoder.Encode(new short[7], new byte[1500]));
        }
    }

    [Fact]
    public void Opus_decoder_survives_garbage()
    {
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(AudioCodecs.Opus);
        var random = new Random(7);
        byte[] garbage = new byte[200];
        short[] pcm = new short[AudioFrame.MaxPacketSamples];
        for (int i = 0; i < 500; i++)
        {
            random.NextBytes(garbage);
            int n = decoder.Decode(garbage.AsSpan(0, 1 + random.Next(garbage.Length)), pcm);
            Assert.True(n == -1 || (n > 0 && n <= pcm.Length));
        }
    }

    [Fact]
    public void G711_tables_match_the_reference_encoders()
    {
        // NAudio's per-sample μ-law encoder negates -32768 in 16 bits and overflows; G.711 gives the most negative code.
        Assert.Equal(0x00, G711Tables.MuLawEncode[0x8000]);
        for (int s = short.MinValue + 1; s <= short.MaxValue; s++)
        {
            short sample = (short)s;
            Assert.Equal(NAudio.Codecs.MuLawEncoder.LinearToMuLawSample(sample), G711Tables.MuLawEncode[(ushort)sample]);
            if (sample >= 0)
            {
                Assert.Equal(NAudio.Codecs.ALawEncoder.LinearToALawSample(sample), G711Tables.ALawEncode[(ushort)sample]);
            }
            else
            {
                // G.191 A-law takes the one's complement of negative values: x < 0 mirrors ~x (NAudio uses -x).
                Assert.Equal(G711Tables.ALawEncode[(ushort)~sample] ^ 0x80, G711Tables.ALawEncode[(ushort)sample]);
            }

            int error = Math.Abs(G711Tables.ALawDecode[G711Tables.ALawEncode[(ushort)sample]] - sample);
            Assert.True(error <= Math.Max(16, Math.Abs((int)sample) / 16), $"A-law error {error} at {sample}");
        }


        // μ-law 0x7F is "negative zero": G.711 decodes it to 0, NAudio's table to -1.
        Assert.Equal(0, G711Tables.MuLawDecode[0x7F]);
        for (int code = 0; code < 256; code++)
        {
            if (code != 0x7F)
            {
                Assert.Equal(NAudio.Codecs.MuLawDecoder.MuLawToLinearSample((byte)code), G711Tables.MuLawDecode[code]);
            }
            Assert.Equal(NAudio.Codecs.ALawDecoder.ALawToLinearSample((byte)code), G711Tables.ALawDecode[code]);
        }
    }

    [Fact]
    public void G711_encode_and_decode_do_not_allocate()
    {
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(AudioCodecs.Pcmu);
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(AudioCodecs.Pcmu);
        short[] pcm = TestTones.Sine(1000, 8000, 160);
        byte[] payload = new byte[160];
        encoder.Encode(pcm, payload);
        decoder.Decode(payload, pcm);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            encoder.Encode(pcm, payload);
            decoder.Decode(payload, pcm);
            decoder.Conceal(pcm, ReadOnlySpan<byte>.Empty);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
