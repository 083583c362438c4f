using Bridge.Calls.Media;

namespace Bridge.Calls.Tests.Media;

public sealed class EchoPortTests
{
    [Fact]
    public void Plays_each_frame_back_after_the_delay_and_silence_before()
    {
        var port = new EchoPort("PCMU", 160, TimeSpan.FromMilliseconds(100));
        var output = new short[160];
        var played = new List<short>();
        for (short frame = 1; frame <= 12; frame++)
        {
            var input = Enumerable.Repeat(frame, 160).ToArray();
            port.Record(input);
            played.Add(port.ReadFrame(output) ? output[0] : (short)0);
        }

        // 100 ms = 5 frames: the first 5 reads are silent, then frame 1, 2, ...
        Assert.Equal(new short[] { 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7 }, played);
    }

    [Fact]
    public void A_tick_without_audio_from_the_caller_echoes_as_silence()
    {
        var port = new EchoPort("PCMU", 160, TimeSpan.FromMilliseconds(20));
        var output = new short[160];
        port.Record(default);
        Assert.False(port.ReadFrame(output));
        port.Record(Enumerable.Repeat((short)9, 160).ToArray());
        Assert.False(port.ReadFrame(output));
        port.Record(default);
        Assert.True(port.ReadFrame(output));
        Assert.Equal(9, output[0]);
    }
}
