using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// Issue 14 (memory per participant, nothing allocated on the mixer thread): the resamplers a participant holds are those of
/// the rates its room may mix at, provided by the control side before a join is queued and released once nobody of that
/// rate is left.
/// </summary>
public sealed class MixRoomResamplerProvisionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static void Run(MixRoom room, int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            room.Tick();
        }
    }

    private static int Buffered(MixParticipant p) => p.ToRoom.BufferedSamples + p.FromRoom.BufferedSamples;

    [Fact]
    public void A_room_of_G711_phones_holds_no_resampler()
    {
        var room = new MixRoom("narrow");
        var members = Enumerable.Range(0, 6).Select(i => room.Join(new TestPortNoDecode(i % 2 == 0 ? AudioCodecs.Pcmu : AudioCodecs.Pcma, i == 0 ? 440 : 0))).ToList();
        Run(room, 5);

        Assert.Equal(8000, room.SampleRate);
        Assert.All(members, p => Assert.Equal(0, Buffered(p)));
        Assert.All(members, p => Assert.Null(p.ToRoom.For(16000)));
        Assert.All(members, p => Assert.Null(p.FromRoom.For(48000)));
        Assert.Equal(160, members[0].RoomPcm.Length); // one 8 kHz frame, the talker's contribution
    }

    [Fact]
    public void A_wider_caller_gives_everybody_its_rate_before_its_join_is_queued()
    {
        var room = new MixRoom("provide");
        var phone = room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 440));
        Run(room, 2);
        Assert.Null(phone.ToRoom.For(48000));

        var browser = room.Join(new TestPortNoDecode(AudioCodecs.Opus, 0));

        // Ready before the mixer applies the join: the tick that lifts the room to 48 kHz finds them.
        Assert.NotNull(phone.ToRoom.For(48000));
        Assert.NotNull(phone.FromRoom.For(48000));
        Assert.NotNull(browser.ToRoom.For(48000)); // its own rate: a pass-through
        Assert.Equal(0, Buffered(browser));
        // One 20 ms frame of input plus the filter's history, not 60 ms.
        Assert.True(phone.FromRoom.For(48000)!.BufferLength < 960 + 256, $"48 → 8 kHz buffer {phone.FromRoom.For(48000)!.BufferLength} samples");
        Run(room, 1);
        Assert.Equal(48000, room.SampleRate);
    }

    [Fact]
    public async Task Resamplers_of_a_rate_nobody_uses_any_more_are_released()
    {
        var room = new MixRoom("release");
        var phone = room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 440));
        var wideband = room.Join(new TestPortNoDecode(AudioCodecs.G722, 1000));
        var browser = room.Join(new TestPortNoDecode(AudioCodecs.Opus, 0));
        Run(room, 3);
        Assert.Equal(48000, room.SampleRate);
        Assert.NotNull(phone.ToRoom.For(16000));
        Assert.NotNull(phone.ToRoom.For(48000));
        Assert.NotNull(wideband.FromRoom.For(48000));

        room.Leave(browser);
        Run(room, 1);
        await browser.Gone.WaitAsync(Patience);
        Assert.Equal(16000, room.SampleRate);
        Assert.True(SpinWait.SpinUntil(() => phone.ToRoom.For(48000) is null && wideband.FromRoom.For(48000) is null, Patience),
            "the 48 kHz resamplers were not released after the last Opus caller left");
        Assert.NotNull(phone.ToRoom.For(16000)); // still mixed at 16 kHz
        Assert.Equal(0, room.RegisteredAt(48000));

        room.Leave(wideband);
        Run(room, 1);
        await wideband.Gone.WaitAsync(Patience);
        Assert.Equal(8000, room.SampleRate);
        Assert.True(SpinWait.SpinUntil(() => Buffered(phone) == 0, Patience), "the 16 kHz resamplers were not released");
        Assert.NotNull(phone.ToRoom.For(8000)); // its own rate stays
        Run(room, 2);
    }

    [Fact]
    public async Task Phones_hear_a_browser_that_joins_and_leaves_mid_call_and_each_other_before_during_and_after()
    {
        var room = new MixRoom("live-rates");
        var a = new TestPort(AudioCodecs.Pcmu, 440);
        var b = new TestPort(AudioCodecs.Pcma, 1000);
        room.Join(a);
        room.Join(b);
        Run(room, 30);
        AssertHears(a, 1000, 440, "A before");

        var browser = new TestPort(AudioCodecs.Opus, 1630);
        a.ClearHeard();
        b.ClearHeard();
        var browserParticipant = room.Join(browser);
        Run(room, 40);
        Assert.Equal(48000, room.SampleRate);
        AssertHears(a, 1000, 440, "A with the browser");
        AssertHears(a, 1630, 440, "A with the browser");
        AssertHears(b, 440, 1000, "B with the browser");
        Assert.True(Goertzel.SeparationDb(browser.HeardAfter(300), 440, 1630, 48000) >= 30, "the browser does not hear A over itself");
        Assert.True(Goertzel.LevelDbfs(browser.HeardAfter(300), 1000, 48000) > -16, "the browser does not hear B");

        room.Leave(browserParticipant);
        Run(room, 1);
        await browserParticipant.Gone.WaitAsync(Patience);
        Assert.True(SpinWait.SpinUntil(() => room.RegisteredAt(48000) == 0, Patience));
        a.ClearHeard();
        b.ClearHeard();
        Run(room, 30);
        Assert.Equal(8000, room.SampleRate);
        AssertHears(a, 1000, 440, "A after the browser left");
        AssertHears(b, 440, 1000, "B after the browser left");
        Assert.True(Goertzel.LevelDbfs(a.HeardAfter(200), 1630, 8000) < -40, "A still hears the browser's tone");
    }

    /// <summary><paramref name="port"/> hears <paramref name="tone"/> near the sent level (-10.3 dBFS) and its own
    /// <paramref name="own"/> at least 30 dB under it.</summary>
    private static void AssertHears(TestPort port, double tone, double own, string who)
    {
        short[] heard = port.HeardAfter(200);
        double level = Goertzel.LevelDbfs(heard, tone, port.SampleRate);
        double separation = Goertzel.SeparationDb(heard, tone, own, port.SampleRate);
        Assert.True(level > -14 && separation >= 30, $"{who}: {tone} Hz at {level:F1} dBFS, {separation:F1} dB over its own {own} Hz");
    }

    [Fact]
    public void A_room_growing_past_its_first_capacities_does_not_allocate_on_the_mixer_thread()
    {
        var room = new MixRoom("growing");
        room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 440));
        Run(room, 20);

        long allocated = 0;
        for (int i = 1; i < 70; i++)
        {
            room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 0)); // control side: outside the measurement
            long before = GC.GetAllocatedBytesForCurrentThread();
            room.Tick();
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(70, room.Stats.Participants);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void A_fixed_rate_room_provides_that_rate_at_the_join()
    {
        var room = new MixRoom("fixed", new MixRoomOptions(SampleRate: 8000));
        var wideband = room.Join(new TestPortNoDecode(AudioCodecs.G722, 1000));
        Assert.NotNull(wideband.ToRoom.For(8000));
        Assert.NotNull(wideband.FromRoom.For(8000));
        Assert.Null(wideband.ToRoom.For(48000));
        Run(room, 2);
        Assert.Equal(8000, room.SampleRate);
    }

    [Fact]
    public void A_rate_change_does_not_allocate_on_the_mixer_thread()
    {
        // Warm every path first (G.711 and G.722 encodes, 8 ↔ 16 kHz resampling) in a room of its own.
        var warm = new MixRoom("warm");
        warm.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 440));
        var warmWide = warm.Join(new TestPortNoDecode(AudioCodecs.G722, 1000));
        Run(warm, 20);
        warm.Leave(warmWide);
        Run(warm, 20);

        var room = new MixRoom("rate-change");
        room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 440));
        room.Join(new TestPortNoDecode(AudioCodecs.Pcma, 0));
        room.Join(new TestPortNoDecode(AudioCodecs.Pcmu, 0));
        Run(room, 20);
        Assert.Equal(8000, room.SampleRate);

        // The control side's work (the join, its encoder and resamplers) is outside the measurement: only ticks count.
        var wideband = room.Join(new TestPortNoDecode(AudioCodecs.G722, 1000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(room, 20);
        long up = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(16000, room.SampleRate);

        room.Leave(wideband);
        before = GC.GetAllocatedBytesForCurrentThread();
        Run(room, 20);
        long down = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(8000, room.SampleRate);

        Assert.Equal(0, up);
        Assert.Equal(0, down);
    }
}
