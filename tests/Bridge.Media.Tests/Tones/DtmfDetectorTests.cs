using Bridge.Media.Codecs;
using Bridge.Media.Tones;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Tones;

public sealed class DtmfDetectorTests
{
    private static string Detect(ReadOnlySpan<short> pcm)
    {
        var detector = new DtmfDetector();
        var found = new System.Text.StringBuilder();
        Span<char> digits = stackalloc char[8];
        for (int offset = 0; offset < pcm.Length; offset += 160)
        {
            int n = detector.Process(pcm.Slice(offset, Math.Min(160, pcm.Length - offset)), digits);
            found.Append(digits[..n]);
        }

        return found.ToString();
    }

    private static short[] Digits(string digits, int toneMs, int gapMs, double levelDbfs = -10)
    {
        var pcm = new List<short>();
        foreach (char digit in digits)
        {
            short[] tone = new short[8 * toneMs];
            Assert.True(DtmfTones.Generate(digit, tone, 8000, levelDbfs));
            pcm.AddRange(tone);
            pcm.AddRange(new short[8 * gapMs]);
        }

        return [.. pcm];
    }

    [Fact]
    public void All_16_digits_are_detected_once_each()
    {
        Assert.Equal(DtmfTones.Digits, Detect(Digits(DtmfTones.Digits, 80, 60)));
    }

    [Fact]
    public void Short_40_ms_digits_and_repeats_are_detected()
    {
        Assert.Equal("1199##", Detect(Digits("1199##", 40, 40)));
    }

    [Fact]
    public void Digits_survive_G711_and_a_quiet_level()
    {
        short[] pcm = Digits("0123456789*#", 60, 60, levelDbfs: -25);
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(AudioCodecs.Pcma);
        IAudioDecoder decoder = AudioCodecs.CreateDecoder(AudioCodecs.Pcma);
        byte[] payload = new byte[160];
        for (int offset = 0; offset + 160 <= pcm.Length; offset += 160)
        {
            encoder.Encode(pcm.AsSpan(offset, 160), payload);
            decoder.Decode(payload, pcm.AsSpan(offset, 160));
        }

        Assert.Equal("0123456789*#", Detect(pcm));
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(48000)]
    public void Wideband_streams_are_detected_after_internal_resampling(int rate)
    {
        var detector = new DtmfDetector(rate);
        var found = new System.Text.StringBuilder();
        Span<char> digits = stackalloc char[4];
        short[] frame = new short[rate / 50];
        foreach (char digit in "*07#")
        {
            Assert.True(DtmfTones.TryGetFrequencies(digit, out int low, out int high));
            var tone = new ToneGenerator(rate, low, high, -12);
            for (int f = 0; f < 4; f++)
            {
                tone.Fill(frame);
                found.Append(digits[..detector.Process(frame, digits)]);
            }

            Array.Clear(frame);
            for (int f = 0; f < 3; f++)
            {
                found.Append(digits[..detector.Process(frame, digits)]);
            }
        }

        Assert.Equal("*07#", found.ToString());
    }

    [Fact]
    public void Twist_beyond_limits_and_single_tones_are_rejected()
    {
        short[] pcm = new short[8000];
        var low = new ToneGenerator(8000, 697, 0, -10);
        var high = new ToneGenerator(8000, 1209, 0, -30);
        short[] a = new short[8000];
        short[] b = new short[8000];
        low.Fill(a);
        high.Fill(b);
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(a[i] + b[i]);
        }

        Assert.Equal(string.Empty, Detect(pcm));
        Assert.Equal(string.Empty, Detect(a));
        Assert.Equal(string.Empty, Detect(TestTones.Sine(1000, 8000, 8000, 20000)));
    }

    [Fact]
    public void Sixty_seconds_of_speech_trigger_nothing()
    {
        short[] speech = Speech.Synthesize(Speech.LongText, 8000, TimeSpan.FromSeconds(60));
        Assert.True(speech.Length >= 8000 * 60);
        Assert.True(Goertzel.RmsDbfs(speech) > -40, "speech is loud enough to matter");
        Assert.Equal(string.Empty, Detect(speech));
    }

    [Fact]
    public void Digits_over_speech_are_still_found()
    {
        short[] speech = Speech.Synthesize("Please enter your conference number followed by the pound key.", 8000, TimeSpan.FromSeconds(3));
        short[] digits = Digits("5#", 100, 100, levelDbfs: -8);
        for (int i = 0; i < digits.Length; i++)
        {
            digits[i] = (short)Math.Clamp(digits[i] + (speech[i] / 8), short.MinValue, short.MaxValue);
        }

        Assert.Equal("5#", Detect(digits));
    }
}
