using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.TestKit.Audio;
using Bridge.TestKit.Allocation;

namespace Bridge.Media.Tests.Mixing;

public sealed class MixRoomTests
{
    private static void Run(MixRoom room, int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            room.Tick();
        }
    }

    [Theory]
    [InlineData("PCMU", 10000.0)]
    [InlineData("PCMU", 32767.0)]
    [InlineData("PCMA", 32767.0)]
    [InlineData("G722", 10000.0)]
    [InlineData("G722", 32767.0)]
    public void Each_participant_hears_everybody_but_itself(string codec, double amplitude)
    {
        var room = new MixRoom("n-1");
        var a = new TestPort(codec, 440, amplitude);
        var b = new TestPort(codec, 1000, amplitude);
        var c = new TestPort(codec);
        room.Join(a);
        room.Join(b);
        room.Join(c);
        Run(room, 60);

        int rate = a.SampleRate;
        short[] heardByA = a.HeardAfter(200);
        short[] heardByB = b.HeardAfter(200);
        short[] heardByC = c.HeardAfter(200);
        Assert.True(Goertzel.SeparationDb(heardByA, 1000, 440, rate) >= 30, $"A: {Goertzel.SeparationDb(heardByA, 1000, 440, rate):F1} dB");
        Assert.True(Goertzel.SeparationDb(heardByB, 440, 1000, rate) >= 30, $"B: {Goertzel.SeparationDb(heardByB, 440, 1000, rate):F1} dB");
        double level = 20 * Math.Log10(amplitude / 32767);
        Assert.InRange(Goertzel.LevelDbfs(heardByA, 1000, rate), level - 3, level + 1);
        Assert.InRange(Goertzel.LevelDbfs(heardByC, 440, rate), level - 8, level + 1);
        Assert.InRange(Goertzel.LevelDbfs(heardByC, 1000, rate), level - 8, level + 1);
    }

    [Fact]
    public void Mixed_codecs_mix_at_48_kHz_and_keep_n_minus_1()
    {
        var room = new MixRoom("mixed");
        var a = new TestPort(AudioCodecs.Opus, 440);
        var b = new TestPort(AudioCodecs.Pcmu, 1000);
        var c = new TestPort(AudioCodecs.G722);
        room.Join(a);
        room.Join(b);
        room.Join(c);
        Run(room, 60);

        Assert.Equal(48000, room.SampleRate);
        Assert.True(Goertzel.SeparationDb(a.HeardAfter(300), 1000, 440, 48000) >= 30);
        Assert.True(Goertzel.SeparationDb(b.HeardAfter(300), 440, 1000, 8000) >= 30);
        short[] heardByC = c.HeardAfter(300);
        Assert.True(Goertzel.LevelDbfs(heardByC, 440, 16000) > -16);
        Assert.True(Goertzel.LevelDbfs(heardByC, 1000, 16000) > -16);
        Assert.Equal(960, a.LastIncrement);
        Assert.Equal(160, c.LastIncrement);
    }

    [Fact]
    public void Listeners_who_are_not_talking_share_one_encode_per_codec()
    {
        var room = new MixRoom("shared");
        room.Join(new TestPort(AudioCodecs.Pcmu, 440));
        room.Join(new TestPort(AudioCodecs.Pcmu, 1000));
        var listeners = new List<TestPort>();
        for (int i = 0; i < 8; i++)
        {
            var port = new TestPort(i < 5 ? AudioCodecs.Pcmu : AudioCodecs.Pcma);
            listeners.Add(port);
            room.Join(port);
        }

        Run(room, 10);

        MixRoomStats stats = room.Stats;
        Assert.Equal(2, stats.Talkers);
        Assert.Equal(4, stats.EncodesLastTick); // 2 talkers (own N-1) + PCMU group + PCMA group
        Assert.All(listeners, l => Assert.Equal(10, l.Writes));
        short[] first = listeners[0].HeardAfter(100);
        Assert.Equal(first, listeners[4].HeardAfter(100));
    }

    [Fact]
    public void Opus_room_with_3_talkers_costs_at_most_4_opus_encodes_per_tick()
    {
        var room = new MixRoom("opus");
        var ports = new List<TestPort>();
        for (int i = 0; i < 20; i++)
        {
            var port = new TestPort(AudioCodecs.Opus, i < 3 ? 400 + (300 * i) : 0);
            ports.Add(port);
            room.Join(port);
        }

        Run(room, 10);
        Assert.Equal(3, room.Stats.Talkers);
        Assert.Equal(4, room.Stats.EncodesLastTick);
        Assert.True(Goertzel.SeparationDb(ports[0].HeardAfter(100), 700, 400, 48000) >= 30);
        Assert.True(Goertzel.LevelDbfs(ports[10].HeardAfter(100), 400, 48000) > -16);
    }

    [Fact]
    public void Only_the_loudest_talkers_are_mixed_and_the_choice_is_sticky()
    {
        var room = new MixRoom("cap", new MixRoomOptions(MaxTalkers: 2));
        var loud = new TestPort(AudioCodecs.Pcmu, 500, 12000);
        var medium = new TestPort(AudioCodecs.Pcmu, 700, 6000);
        var quiet = new TestPort(AudioCodecs.Pcmu, 900, 2000);
        var listener = new TestPort(AudioCodecs.Pcmu);
        room.Join(quiet);
        room.Join(loud);
        room.Join(medium);
        room.Join(listener);
        Run(room, 30);

        short[] heard = listener.HeardAfter(200);
        Assert.Equal(2, room.Stats.Talkers);
        Assert.True(Goertzel.LevelDbfs(heard, 500, 8000) > -12);
        Assert.True(Goertzel.LevelDbfs(heard, 700, 8000) > -18);
        Assert.True(Goertzel.LevelDbfs(heard, 900, 8000) < -50);

        // 3 dB louder than a mixed talker is not enough to take its place (6 dB stickiness)...
        quiet.Amplitude = 8400;
        listener.ClearHeard();
        Run(room, 20);
        Assert.True(Goertzel.LevelDbfs(listener.HeardAfter(100), 900, 8000) < -50);

        // ...but clearly louder is.
        quiet.Amplitude = 16000;
        listener.ClearHeard();
        Run(room, 20);
        heard = listener.HeardAfter(100);
        Assert.True(Goertzel.LevelDbfs(heard, 900, 8000) > -12);
        Assert.True(Goertzel.LevelDbfs(heard, 700, 8000) < -50);
    }

    [Fact]
    public void Muted_participant_is_not_heard_and_deafened_one_hears_nothing()
    {
        var room = new MixRoom("mute");
        var a = new TestPort(AudioCodecs.Pcmu, 440);
        var b = new TestPort(AudioCodecs.Pcmu, 1000);
        var c = new TestPort(AudioCodecs.Pcmu);
        var d = new TestPort(AudioCodecs.Pcmu);
        MixParticipant pa = room.Join(a);
        room.Join(b);
        room.Join(c);
        MixParticipant pd = room.Join(d);
        pa.Muted = true;
        pd.Deafened = true;
        Run(room, 40);

        short[] heardByC = c.HeardAfter(200);
        Assert.True(Goertzel.SeparationDb(heardByC, 1000, 440, 8000) >= 30);
        Assert.True(Goertzel.RmsDbfs(d.HeardAfter(200)) < -60);
        Assert.True(pa.IsTalking, "a muted talker is still detected as talking");

        pa.Muted = false;
        c.ClearHeard();
        Run(room, 20);
        Assert.True(Goertzel.LevelDbfs(c.HeardAfter(100), 440, 8000) > -16);
    }

    [Fact]
    public void Waiting_participant_hears_nothing_and_is_not_heard_until_admitted()
    {
        var room = new MixRoom("waiting");
        var a = new TestPort(AudioCodecs.Pcmu, 440);
        var b = new TestPort(AudioCodecs.Pcmu, 1000);
        var c = new TestPort(AudioCodecs.Pcmu);
        MixParticipant pa = room.Join(a, hearsRoom: false);
        room.Join(b);
        room.Join(c);
        Run(room, 30);

        Assert.True(Goertzel.RmsDbfs(a.HeardAfter(100)) < -60);
        Assert.True(Goertzel.SeparationDb(c.HeardAfter(100), 1000, 440, 8000) >= 30);

        pa.HearsRoom = true;
        a.ClearHeard();
        c.ClearHeard();
        Run(room, 30);
        Assert.True(Goertzel.LevelDbfs(a.HeardAfter(100), 1000, 8000) > -16);
        Assert.True(Goertzel.LevelDbfs(c.HeardAfter(100), 440, 8000) > -16);
    }

    [Fact]
    public void Gain_scales_what_the_room_hears()
    {
        var room = new MixRoom("gain");
        var a = new TestPort(AudioCodecs.Pcmu, 440);
        var c = new TestPort(AudioCodecs.Pcmu);
        MixParticipant pa = room.Join(a);
        room.Join(c);
        Run(room, 20);
        double full = Goertzel.LevelDbfs(c.HeardAfter(100), 440, 8000);
        pa.Gain = 0.5f;
        c.ClearHeard();
        Run(room, 20);
        double half = Goertzel.LevelDbfs(c.HeardAfter(100), 440, 8000);
        Assert.InRange(full - half, 5.0, 7.0);
    }

    [Fact]
    public void Leave_takes_effect_at_the_next_tick()
    {
        var room = new MixRoom("leave");
        var a = new TestPort(AudioCodecs.Pcmu, 440);
        var c = new TestPort(AudioCodecs.Pcmu);
        MixParticipant pa = room.Join(a);
        room.Join(c);
        Run(room, 5);
        room.Leave(pa);
        Run(room, 5);
        Assert.Equal(5, a.Writes);
        Assert.Equal(10, c.Writes);
        Assert.Equal(1, room.Stats.Participants);
    }

    [Fact]
    public void Absent_frames_count_as_silence_and_port_exceptions_do_not_stop_the_tick()
    {
        var room = new MixRoom("robust");
        var a = new TestPort(AudioCodecs.Pcmu, 440) { Present = false };
        var c = new TestPort(AudioCodecs.Pcmu);
        room.Join(a);
        room.Join(new ThrowingPort());
        room.Join(c);
        Run(room, 10);
        Assert.Equal(10, c.Writes);
        Assert.True(Goertzel.RmsDbfs(c.Heard) < -60);
        Assert.True(room.Stats.PortErrors >= 10);
    }

    [Fact]
    public void Talker_changes_are_reported()
    {
        var room = new MixRoom("talker");
        var a = new TestPort(AudioCodecs.Pcmu, 440);
        room.Join(a);
        room.Join(new TestPort(AudioCodecs.Pcmu));
        using var started = new ManualResetEventSlim();
        using var stopped = new ManualResetEventSlim();
        room.TalkerChanged += (_, e) => (e.IsTalking ? started : stopped).Set();
        Run(room, 3);
        Assert.True(started.Wait(TimeSpan.FromSeconds(5)));
        a.Frequency = 0;
        Run(room, 30);
        Assert.True(stopped.Wait(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Steady_state_tick_does_not_allocate()
    {
        var room = new MixRoom("alloc");
        room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 440));
        room.Join(new TestPortNoDecode(AudioCodecs.G722, 1000));
        for (int i = 0; i < 8; i++)
        {
            room.Join(new TestPortNoDecode(i % 2 == 0 ? AudioCodecs.Pcmu : AudioCodecs.G722, 0));
        }

        Run(room, 20);
        AllocationRounds.AssertNone(() => Run(room, 100));
    }

    private sealed class ThrowingPort : IMixerPort
    {
        public string CodecName => AudioCodecs.Pcmu;

        public bool ReadFrame(Span<short> pcm) => throw new InvalidOperationException("leg gone");

        public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement) =>
            throw new InvalidOperationException("leg gone");
    }
}
