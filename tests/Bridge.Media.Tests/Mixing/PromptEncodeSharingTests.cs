using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// Every caller of a PIN room hears a private prompt on joining (the participant count). With Opus on libopus a listener
/// must go back to the shared encode once that prompt ends: before, each kept its own encoder for the whole call, and a
/// room of 500 Opus listeners cost 500 encodes a tick (issue 14, goal 4: the load harness's <c>--codec opus</c> run).
/// </summary>
public sealed class PromptEncodeSharingTests
{
    [Theory]
    [InlineData(AudioCodecs.Opus)]
    [InlineData(AudioCodecs.G722)]
    public void Listeners_share_the_encode_again_once_their_private_prompt_ends(string codec)
    {
        var room = new MixRoom("prompted");
        var prompt = AudioPrompt.FromPcm(new short[1600], 16000, "count"); // 100 ms
        var ports = new List<TestPort>();
        for (int i = 0; i < 20; i++)
        {
            var port = new TestPort(codec, i < 3 ? 400 + (300 * i) : 0);
            ports.Add(port);
            room.Join(port).PlaySequence([prompt]);
        }

        room.Tick();
        int duringPrompt = room.Stats.EncodesLastTick;
        for (int i = 0; i < 30; i++)
        {
            room.Tick();
        }

        Assert.Equal(20, duringPrompt); // each hears its own prompt: its own encode
        Assert.Equal(3, room.Stats.Talkers);
        Assert.Equal(4, room.Stats.EncodesLastTick); // 3 talkers (own N-1) + one shared encode for the 17 listeners
        int rate = ports[10].SampleRate;
        Assert.True(Goertzel.LevelDbfs(ports[10].HeardAfter(400), 400, rate) > -16);
        Assert.True(Goertzel.LevelDbfs(ports[10].HeardAfter(400), 1000, rate) > -16);
    }

    [Fact]
    public void A_listener_who_talked_keeps_its_own_encoder_after_a_prompt()
    {
        var room = new MixRoom("talked");
        var prompt = AudioPrompt.FromPcm(new short[1600], 16000, "count");
        room.Join(new TestPort(AudioCodecs.Opus, 400));
        var talker = new TestPort(AudioCodecs.Opus, 1000);
        room.Join(talker).PlaySequence([prompt]);
        for (int i = 0; i < 5; i++)
        {
            room.Join(new TestPort(AudioCodecs.Opus));
        }

        for (int i = 0; i < 20; i++)
        {
            room.Tick();
        }

        talker.Frequency = 0; // stops talking: it stays on its own encoder (continuity, EncoderContinuityTests)
        for (int i = 0; i < 40; i++)
        {
            room.Tick();
        }

        Assert.Equal(1, room.Stats.Talkers);
        Assert.Equal(3, room.Stats.EncodesLastTick); // the talker's N-1, the former talker's own, the shared one
    }
}
