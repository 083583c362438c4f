using Bridge.Media.Codecs;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Codecs;

/// <summary>
/// Both Opus implementations, side by side: the system's libopus (test.sh installs libopus0, so it must load here)
/// and Concentus. They must interwork in both directions, conceal alike, refuse garbage, and libopus must not allocate.
/// </summary>
public sealed class OpusImplementationTests
{
    public static TheoryData<bool, bool> EncoderDecoderPairs() => new() { { true, true }, { true, false }, { false, true }, { false, false } };

    private static IAudioEncoder Encoder(bool native) => native ? new NativeOpusEncoder(OpusSettings.Default) : new OpusAudioEncoder(OpusSettings.Default);

    private static IAudioDecoder Decoder(bool native) => native ? new NativeOpusDecoder() : new OpusAudioDecoder();

    [Fact]
    public void The_system_libopus_loads_and_auto_chooses_it()
    {
        Assert.True(LibOpus.IsAvailable, "libopus.so.0 did not load: install libopus0 (test.sh does)");
        Assert.StartsWith("libopus ", LibOpus.Version, StringComparison.Ordinal);
        try
        {
            Assert.Equal($"{LibOpus.Version} (native)", AudioCodecs.UseOpus(OpusLibrary.Auto));
            Assert.IsType<NativeOpusEncoder>(AudioCodecs.CreateEncoder(AudioCodecs.Opus));
            Assert.Equal("Concentus (managed)", AudioCodecs.UseOpus(OpusLibrary.Managed));
            Assert.IsType<OpusAudioDecoder>(AudioCodecs.CreateDecoder(AudioCodecs.Opus));
        }
        finally
        {
            AudioCodecs.UseOpus(OpusLibrary.Auto);
        }
    }

    [Theory]
    [MemberData(nameof(EncoderDecoderPairs))]
    public void A_tone_encoded_by_one_implementation_decodes_in_the_other(bool nativeEncoder, bool nativeDecoder)
    {
        var encoder = Encoder(nativeEncoder);
        var decoder = Decoder(nativeDecoder);
        var output = new List<short>();
        var payload = new byte[1500];
        var decoded = new short[AudioFrame.MaxPacketSamples];
        for (var f = 0; f < 50; f++)
        {
            var bytes = encoder.Encode(TestTones.Sine(1000, 48000, 960, 10000, f * 960L), payload);
            Assert.InRange(bytes, 1, 1275);
            Assert.Equal(960, decoder.Decode(payload.AsSpan(0, bytes), decoded));
            output.AddRange(decoded.AsSpan(0, 960));
        }

        short[] steady = [.. output.Skip(48000 / 5)];
        Assert.InRange(Goertzel.LevelDbfs(steady, 1000, 48000), -14.3, -9.3);
        Assert.True(Goertzel.SeparationDb(steady, 1000, 2000, 48000) > 30);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Fec_and_plc_fill_a_lost_frame(bool native)
    {
        var encoder = Encoder(native);
        var decoder = Decoder(native);
        var packets = new byte[30][];
        var payload = new byte[1500];
        for (var f = 0; f < packets.Length; f++)
        {
            packets[f] = payload.AsSpan(0, encoder.Encode(TestTones.Sine(440, 48000, 960, 10000, f * 960L), payload)).ToArray();
        }

        var output = new short[960];
        for (var f = 0; f < 20; f++)
        {
            decoder.Decode(packets[f], output);
        }

        Assert.Equal(960, decoder.Conceal(output, packets[21]));
        Assert.True(Goertzel.LevelDbfs(output, 440, 48000) > -24, "FEC rebuilt the lost frame");
        decoder.Decode(packets[21], output);
        Assert.Equal(960, decoder.Conceal(output, ReadOnlySpan<byte>.Empty));
        Assert.True(Goertzel.LevelDbfs(output, 440, 48000) > -30, "PLC continues the tone");
        Assert.Equal(-1, decoder.Conceal(new short[100], ReadOnlySpan<byte>.Empty));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Garbage_and_bad_sizes_give_an_error_value_not_an_exception(bool native)
    {
        var decoder = Decoder(native);
        var encoder = Encoder(native);
        var random = new Random(7);
        var pcm = new short[AudioFrame.MaxPacketSamples];
        var garbage = new byte[200];
        for (var i = 0; i < 2000; i++)
        {
            random.NextBytes(garbage);
            var result = decoder.Decode(garbage.AsSpan(0, 1 + random.Next(garbage.Length - 1)), pcm);
            Assert.True(result == -1 || result % 120 == 0, $"decode returned {result}");
        }

        Assert.Equal(-1, decoder.Decode(ReadOnlySpan<byte>.Empty, pcm));
        Assert.Equal(-1, decoder.Decode(garbage, new short[50]));
        Assert.Equal(-1, encoder.Encode(new short[1000], new byte[100]));
        Assert.Equal(-1, encoder.Encode(new short[960], Span<byte>.Empty));
    }

    [Fact]
    public void Libopus_encodes_and_decodes_without_allocating()
    {
        var encoder = new NativeOpusEncoder(OpusSettings.Default);
        var decoder = new NativeOpusDecoder();
        var pcm = TestTones.Sine(440, 48000, 960, 10000);
        var payload = new byte[1275];
        var output = new short[960];
        for (var i = 0; i < 20; i++)
        {
            decoder.Decode(payload.AsSpan(0, encoder.Encode(pcm, payload)), output);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 200; i++)
        {
            var bytes = encoder.Encode(pcm, payload);
            decoder.Decode(payload.AsSpan(0, bytes), output);
            decoder.Conceal(output, ReadOnlySpan<byte>.Empty);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
