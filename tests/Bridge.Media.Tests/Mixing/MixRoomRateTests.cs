using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

/// <summary>The room mixes at the widest rate present, so a room of G.711 phones resamples nobody.</summary>
public sealed class MixRoomRateTests
{
    [Fact]
    public void The_widest_codec_sets_the_rate_and_it_falls_back_when_that_caller_leaves()
    {
        var room = new MixRoom("rates");
        Assert.Equal(16000, room.SampleRate);

        room.Join(new TestPort("PCMU", 440));
        room.Join(new TestPort("PCMA", 1000));
        room.Tick();
        Assert.Equal(8000, room.SampleRate);

        var wideband = room.Join(new TestPort("G722", 700));
        room.Tick();
        Assert.Equal(16000, room.SampleRate);

        var opus = room.Join(new TestPort("opus"));
        room.Tick();
        Assert.Equal(48000, room.SampleRate);

        room.Leave(opus);
        room.Leave(wideband);
        room.Tick();
        Assert.Equal(8000, room.SampleRate);
    }
}
