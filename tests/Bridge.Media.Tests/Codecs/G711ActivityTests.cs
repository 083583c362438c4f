using Bridge.Media.Codecs;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Codecs;

/// <summary>
/// <see cref="G711Activity"/>: the level read from G.711 code words agrees with the level of what the decoder gives, on
/// both sides of the limit, for μ-law and A-law, from the bridge's own encoder.
/// </summary>
public sealed class G711ActivityTests
{
    private static readonly long Limit = G711Activity.MeanSquareAt(-55);

    public static TheoryData<bool> Laws => new() { false, true };

    [Theory]
    [MemberData(nameof(Laws))]
    public void Digital_silence_is_quiet_in_every_code_the_encoder_gives_for_it(bool aLaw)
    {
        var payload = Encode(new short[160], aLaw);

        Assert.True(G711Activity.IsQuiet(payload, aLaw, Limit));
        Assert.True(G711Activity.IsQuiet([aLaw ? (byte)0xD5 : (byte)0xFF, aLaw ? (byte)0x55 : (byte)0x7F], aLaw, Limit));
    }

    [Theory]
    [InlineData(false, -70, true)]
    [InlineData(false, -58, true)]
    [InlineData(false, -52, false)]
    [InlineData(false, -45, false)]
    [InlineData(false, -10, false)]
    [InlineData(true, -70, true)]
    [InlineData(true, -58, true)]
    [InlineData(true, -52, false)]
    [InlineData(true, -10, false)]
    public void A_tone_is_quiet_only_under_the_limit(bool aLaw, double dbfs, bool quiet)
    {
        // A sine's mean square is half its peak's square: peak = 32768 · √2 · 10^(dBFS/20).
        double amplitude = 32768 * Math.Sqrt(2) * Math.Pow(10, dbfs / 20);
        var payload = Encode(TestTones.Sine(1000, 8000, 160, amplitude), aLaw);

        Assert.Equal(quiet, G711Activity.IsQuiet(payload, aLaw, Limit));
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void The_level_read_from_the_codes_is_the_decoded_level(bool aLaw)
    {
        // Every code word's square, against the decoder's output, on random frames around the limit.
        var random = new Random(6464);
        var decoder = AudioCodecs.CreateDecoder(aLaw ? AudioCodecs.Pcma : AudioCodecs.Pcmu);
        var pcm = new short[160];
        int quietFrames = 0;
        for (int frame = 0; frame < 2000; frame++)
        {
            var noise = new short[160];
            int peak = random.Next(1, 400);
            for (int i = 0; i < noise.Length; i++)
            {
                noise[i] = (short)random.Next(-peak, peak + 1);
            }

            var payload = Encode(noise, aLaw);
            Assert.Equal(160, decoder.Decode(payload, pcm));
            long sum = 0;
            foreach (short sample in pcm)
            {
                sum += sample * sample;
            }

            bool decodedQuiet = sum <= Limit * pcm.Length;
            Assert.Equal(decodedQuiet, G711Activity.IsQuiet(payload, aLaw, Limit));
            quietFrames += decodedQuiet ? 1 : 0;
        }

        Assert.InRange(quietFrames, 200, 1800); // both sides of the limit were tried
    }

    [Theory]
    [MemberData(nameof(Laws))]
    public void One_loud_sample_in_a_quiet_frame_is_not_quiet(bool aLaw)
    {
        var pcm = new short[160];
        pcm[159] = 30000; // a click at the very end: 30000² / 160 is far over the limit

        Assert.False(G711Activity.IsQuiet(Encode(pcm, aLaw), aLaw, Limit));
    }

    [Fact]
    public void An_empty_payload_says_nothing()
    {
        Assert.False(G711Activity.IsQuiet([], aLaw: false, Limit));
        Assert.False(G711Activity.IsQuiet([0xFF], aLaw: false, -1));
    }

    [Fact]
    public void Reading_a_payload_allocates_nothing()
    {
        var payload = Encode(TestTones.Sine(1000, 8000, 160, 50), aLaw: false);
        _ = G711Activity.IsQuiet(payload, aLaw: false, Limit);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            _ = G711Activity.IsQuiet(payload, aLaw: i % 2 == 0, Limit);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static byte[] Encode(short[] pcm, bool aLaw)
    {
        var encoder = AudioCodecs.CreateEncoder(aLaw ? AudioCodecs.Pcma : AudioCodecs.Pcmu);
        var payload = new byte[pcm.Length];
        Assert.Equal(pcm.Length, encoder.Encode(pcm, payload));
        return payload;
    }
}
