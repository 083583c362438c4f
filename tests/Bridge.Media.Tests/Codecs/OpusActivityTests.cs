using Bridge.Media.Codecs;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Codecs;

/// <summary>
/// <see cref="OpusActivity"/> on packets from the real encoders (libopus and Concentus, <see cref="AudioCodecs.CreateEncoder(string)"/>'s
/// settings) and on hand-made packets of every TOC configuration and framing code (RFC 6716 §3.1, §3.2).
/// </summary>
public sealed class OpusActivityTests
{
    private const int Frame = 960;

    public static TheoryData<bool> Implementations() => new() { true, false };

    private static IAudioEncoder Encoder(bool native) => native ? new NativeOpusEncoder(OpusSettings.Default) : new OpusAudioEncoder(OpusSettings.Default);

    private static string PromptsDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "prompts", "en");
        }
    }

    /// <summary>Encodes <paramref name="pcm"/> (48 kHz) frame by frame; each frame's classification.</summary>
    private static OpusPacketActivity[] EncodeAndClassify(IAudioEncoder encoder, short[] pcm)
    {
        var payload = new byte[1275];
        var result = new OpusPacketActivity[pcm.Length / Frame];
        for (int f = 0; f < result.Length; f++)
        {
            int length = encoder.Encode(pcm.AsSpan(f * Frame, Frame), payload);
            Assert.InRange(length, 1, 1275);
            result[f] = OpusActivity.Classify(payload.AsSpan(0, length));
        }

        (encoder as IDisposable)?.Dispose();
        return result;
    }

    private static double FrameDbfs(short[] pcm, int frame) => Goertzel.RmsDbfs(pcm.AsSpan(frame * Frame, Frame));

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Digital_silence_is_inactive_once_the_encoder_settled(bool native)
    {
        var classes = EncodeAndClassify(Encoder(native), new short[Frame * 100]);

        // The encoder's own VAD needs a few frames; from 200 ms on every packet must say "nothing heard".
        var late = classes[10..];
        Assert.All(late, c => Assert.True(c is OpusPacketActivity.NoSpeech or OpusPacketActivity.Silence or OpusPacketActivity.Dtx,
            $"{(native ? "libopus" : "Concentus")}: {string.Join(",", late)}"));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void A_tone_is_active_from_its_start_and_its_vad_gives_up_later(bool native)
    {
        // Silence, then a steady 1 kHz tone at -18 dBFS for ten seconds.
        var pcm = new short[Frame * 550];
        TestTones.Sine(1000, 48000, Frame * 500, 4000).CopyTo(pcm, Frame * 50);
        var classes = EncodeAndClassify(Encoder(native), pcm);

        // The tone's onset and its first half second are speech to the encoder's VAD...
        var onset = classes[50..75];
        Assert.True(onset.All(c => c == OpusPacketActivity.Active), $"tone onset: {string.Join(",", onset)}");

        // ...but SILK's VAD adapts its noise estimate to a steady tone and calls it "no speech" within seconds. That is why a
        // leg believes the flag only while its decoded audio is quiet too (LegAudioReader.RecentlyQuiet, LegSilenceTests).
        Assert.Contains(OpusPacketActivity.NoSpeech, classes[100..]);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void Speech_is_active_and_no_onset_after_a_pause_is_missed(bool native)
    {
        // Prompts (espeak-ng speech) separated by a second of digital silence, as a caller who speaks now and then.
        var gap = new short[48000];
        var pcm = new List<short>(gap);
        foreach (var name in new[] { "welcome.wav", "enter-pin.wav", "goodbye.wav", "number-7.wav" })
        {
            var (speech, rate) = WavFiles.Read(Path.Combine(PromptsDirectory, name));
            pcm.AddRange(WavFiles.Resample(speech, rate, 48000));
            pcm.AddRange(gap);
        }

        short[] signal = [.. pcm];
        var classes = EncodeAndClassify(Encoder(native), signal);
        int loud = 0;
        int loudActive = 0;
        var missedOnsets = new List<int>();
        int quietRun = 0;
        for (int f = 0; f < classes.Length; f++)
        {
            double level = FrameDbfs(signal, f);
            if (level > -40)
            {
                loud++;
                loudActive += classes[f] == OpusPacketActivity.Active ? 1 : 0;
                if (quietRun >= 15 && classes[f] != OpusPacketActivity.Active)
                {
                    missedOnsets.Add(f); // the first audible frame after 300 ms of quiet must be decoded
                }

                quietRun = 0;
            }
            else
            {
                quietRun++;
            }
        }

        string name2 = native ? "libopus" : "Concentus";
        Assert.True(loud > 100, $"only {loud} loud frames: the prompts did not load");
        Assert.True(missedOnsets.Count == 0, $"{name2}: onsets classified inactive at frames {string.Join(",", missedOnsets)}");
        Assert.True(loudActive >= 0.95 * loud, $"{name2}: {loudActive} of {loud} audible speech frames active");

        // And the pauses do fall silent: most of each second of digital silence is inactive.
        int quietInactive = Enumerable.Range(0, classes.Length).Count(f => FrameDbfs(signal, f) < -90 && classes[f] != OpusPacketActivity.Active);
        int quiet = Enumerable.Range(0, classes.Length).Count(f => FrameDbfs(signal, f) < -90);
        Assert.True(quietInactive >= 0.7 * quiet, $"{name2}: only {quietInactive} of {quiet} silent frames inactive");
    }

    [Fact]
    public void Toc_only_and_short_frames_are_dtx()
    {
        for (int toc = 0; toc < 256; toc++)
        {
            int code = toc & 3;
            byte t = (byte)toc;
            switch (code)
            {
                case 0:
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t]));
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t, 0x55]));
                    break;
                case 1:
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t]));
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t, 0x12, 0x34]));
                    break;
                case 2:
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t, 0]));
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t, 1, 0xFF, 0x00]));
                    break;
                default:
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t, 0x01]));
                    Assert.Equal(OpusPacketActivity.Dtx, OpusActivity.Classify([t, 0x02]));
                    break;
            }
        }
    }

    [Fact]
    public void Silk_header_bits_are_read_per_frame_and_channel()
    {
        // For symbols of probability 1/2 the range decoder's output is the data's bits, first bit first (RFC 6716 §4.1):
        // 0x00 octets give flags 0, 0xFF octets flags 1. SILK-only WB 20 ms (config 9), mono: VAD flag, then LBRR flag.
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([9 << 3, 0x00, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([9 << 3, 0x3F, 0xFF, 0xFF]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([9 << 3, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([9 << 3, 0x40, 0x00, 0x00])); // VAD 0, LBRR 1

        // 60 ms SILK (config 11): three VAD flags then the LBRR flag; the fifth symbol onwards is not looked at.
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([11 << 3, 0x20, 0x00, 0x00])); // third VAD flag
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([11 << 3, 0x0F, 0xFF, 0xFF]));

        // Stereo (s bit): mid VAD, mid LBRR, then the side channel's VAD flag and LBRR flag (§4.2.3).
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([9 << 3, 0x20, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([(9 << 3) | 4, 0x20, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([(9 << 3) | 4, 0x0F, 0xFF, 0xFF]));

        // Hybrid FB 20 ms (config 15): the SILK layer's header bits come first, as for SILK-only.
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([15 << 3, 0x00, 0xFF]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([15 << 3, 0x80, 0x00]));
    }

    [Fact]
    public void Celt_silence_flag_is_the_first_symbol()
    {
        // CELT FB 20 ms (config 31): the silence flag has probability 1/2^15, set only by fifteen 1 bits at the start.
        Assert.Equal(OpusPacketActivity.Silence, OpusActivity.Classify([31 << 3, 0xFF, 0xFE, 0x00]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([31 << 3, 0xFF, 0xFC, 0xFF]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([31 << 3, 0x00, 0x00, 0x00]));
    }

    [Fact]
    public void Every_configuration_is_read()
    {
        for (int config = 0; config < 32; config++)
        {
            for (int stereo = 0; stereo < 2; stereo++)
            {
                byte toc = (byte)((config << 3) | (stereo << 2));
                Assert.Equal(config < 16 ? OpusPacketActivity.Active : OpusPacketActivity.Silence, OpusActivity.Classify([toc, 0xFF, 0xFF, 0xFF]));
                Assert.Equal(config < 16 ? OpusPacketActivity.NoSpeech : OpusPacketActivity.Active, OpusActivity.Classify([toc, 0x00, 0x00, 0x00]));
            }
        }
    }

    [Fact]
    public void Every_framing_code_needs_every_frame_inactive()
    {
        byte silk = 9 << 3;

        // Code 1: two equal frames.
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([(byte)(silk | 1), 0x00, 0x00, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([(byte)(silk | 1), 0x00, 0x00, 0xFF, 0xFF]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([(byte)(silk | 1), 0x00, 0x00, 0x00]));

        // Code 2: the first frame's length coded.
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([(byte)(silk | 2), 2, 0x00, 0x00, 0x00, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([(byte)(silk | 2), 2, 0x00, 0x00, 0xFF, 0xFF, 0xFF]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([(byte)(silk | 2), 9, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([(byte)(silk | 2), 252]));

        // Code 3 CBR: 3 frames of 2 octets, then 2 octets of padding.
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([(byte)(silk | 3), 0x43, 2, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([(byte)(silk | 3), 0x43, 2, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0]));

        // Code 3 VBR, 2 frames: 2 octets, then the rest.
        Assert.Equal(OpusPacketActivity.NoSpeech, OpusActivity.Classify([(byte)(silk | 3), 0x82, 2, 0, 0, 0, 0, 0]));
        Assert.Equal(OpusPacketActivity.Active, OpusActivity.Classify([(byte)(silk | 3), 0x82, 2, 0, 0, 0xFF, 0xFF, 0xFF]));

        // Code 3 with a DTX frame and an inactive one: inactive. A count of 0, or over 120 ms (7 × 20 ms), is unknown.
        Assert.True(OpusActivity.IsInactive([(byte)(silk | 3), 0x82, 0, 0x00, 0x00]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([(byte)(silk | 3), 0x00]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([(byte)(silk | 3), 0x07, 0, 0, 0, 0, 0, 0, 0]));
    }

    [Fact]
    public void Garbage_and_truncated_packets_never_throw_and_are_never_silence_by_accident_of_framing()
    {
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([]));
        Assert.False(OpusActivity.IsInactive([]));

        var random = new Random(6716);
        var packet = new byte[1600];
        for (int i = 0; i < 200_000; i++)
        {
            int length = random.Next(0, i % 10 == 0 ? packet.Length : 24);
            random.NextBytes(packet.AsSpan(0, length));
            _ = OpusActivity.Classify(packet.AsSpan(0, length));
        }

        // Code 3 padding that runs off the end, VBR lengths that run off the end, frames over 1275 octets.
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([3, 0x41, 255, 255]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify([3, 0x83, 200, 200, 1, 2]));
        Assert.Equal(OpusPacketActivity.Unknown, OpusActivity.Classify(new byte[1277]));
    }

    [Fact]
    public void Classifying_allocates_nothing()
    {
        var encoder = Encoder(true);
        var payload = new byte[1275];
        int length = encoder.Encode(TestTones.Sine(700, 48000, Frame, 8000), payload);
        (encoder as IDisposable)?.Dispose();
        _ = OpusActivity.Classify(payload.AsSpan(0, length));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            _ = OpusActivity.Classify(payload.AsSpan(0, length));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
