using Bridge.Media.Resampling;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Resampling;

public sealed class ResamplerTests
{
    private static short[] Convert(Resampler resampler, short[] input)
    {
        int inFrame = resampler.InputRate / 50;
        int outFrame = resampler.OutputRate / 50;
        var output = new short[input.Length / inFrame * outFrame];
        for (int f = 0; f < input.Length / inFrame; f++)
        {
            int n = resampler.Process(input.AsSpan(f * inFrame, inFrame), output.AsSpan(f * outFrame, outFrame));
            Assert.Equal(outFrame, n);
        }

        return output;
    }

    [Theory]
    [InlineData(8000, 16000)]
    [InlineData(8000, 48000)]
    public void Upsampling_a_3400_Hz_tone_creates_no_audible_image(int from, int to)
    {
        short[] tone = TestTones.Sine(3400, from, from, 16000);
        short[] output = Convert(new Resampler(from, to), tone)[(to / 10)..];
        double wanted = Goertzel.LevelDbfs(output, 3400, to);
        Assert.InRange(wanted, -6.2 - 0.5, -6.2 + 0.5);
        Assert.True(wanted - Goertzel.LevelDbfs(output, 8000 - 3400, to) > 60);
    }

    [Theory]
    [InlineData(16000, 8000, 4600, 3400)]
    [InlineData(48000, 8000, 4600, 3400)]
    [InlineData(48000, 8000, 12600, 3400)]
    [InlineData(48000, 16000, 9000, 7000)]
    public void Downsampling_removes_what_would_alias_into_the_band(int from, int to, double tone, double alias)
    {
        short[] input = TestTones.Sine(tone, from, from, 16000);
        short[] output = Convert(new Resampler(from, to), input)[(to / 10)..];
        Assert.True(Goertzel.LevelDbfs(output, alias, to) < -6.2 - 60, $"{Goertzel.LevelDbfs(output, alias, to):F1} dBFS");
    }

    [Theory]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    [InlineData(16000, 48000)]
    [InlineData(48000, 16000)]
    [InlineData(48000, 8000)]
    public void Passband_tones_keep_their_level_and_frequency(int from, int to)
    {
        short[] input = TestTones.Sine(1000, from, from, 16000);
        short[] output = Convert(new Resampler(from, to), input)[(to / 10)..];
        Assert.InRange(Goertzel.LevelDbfs(output, 1000, to), -6.2 - 0.3, -6.2 + 0.3);
        Assert.True(Goertzel.SeparationDb(output, 1000, 1100, to) > 40);
    }

    [Fact]
    public void Processing_frames_does_not_allocate()
    {
        var resampler = new Resampler(8000, 48000);
        var back = new Resampler(48000, 8000);
        short[] input = TestTones.Sine(1000, 8000, 160);
        short[] up = new short[960];
        short[] down = new short[160];
        resampler.Process(input, up);
        back.Process(up, down);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            resampler.Process(input, up);
            back.Process(up, down);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Resamplers_of_one_pair_of_rates_share_the_filter_bank_but_not_their_history_and_buffer_only_60_ms_of_their_input()
    {
        _ = new Resampler(8000, 16000); // the bank for 8 -> 16 kHz exists from here on
        long before = GC.GetAllocatedBytesForCurrentThread();
        var first = new Resampler(8000, 16000);
        var second = new Resampler(8000, 16000);
        long perInstance = (GC.GetAllocatedBytesForCurrentThread() - before) / 2;
        Assert.True(perInstance < 3072, $"a resampler of a known pair of rates allocated {perInstance} bytes (its own filter bank, or a buffer for 48 kHz?)");

        // Separate histories: feeding one does not change what the other produces.
        short[] tone = TestTones.Sine(1000, 8000, 160);
        short[] silence = new short[160];
        short[] a = new short[320];
        short[] b = new short[320];
        first.Process(tone, a);
        second.Process(silence, b);
        Assert.All(b, sample => Assert.Equal(0, sample));
        Assert.Contains(a, sample => sample != 0);
    }

    [Fact]
    public void Too_small_output_is_an_error_not_an_exception()
    {
        var resampler = new Resampler(8000, 16000);
        Assert.Equal(-1, resampler.Process(new short[160], new short[100]));
        Assert.Equal(160, new Resampler(16000, 16000).Process(new short[160], new short[160]));
    }
}
