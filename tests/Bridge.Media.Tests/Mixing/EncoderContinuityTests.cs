using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Xunit.Abstractions;

namespace Bridge.Media.Tests.Mixing;

/// <summary>
/// A listener who talks now and then is sent its own N-1 encode while talking and the shared encode while not. With a
/// stateful codec (G.722, Opus) its decoder must see one continuous stream across those switches: a tone from another
/// talker, decoded by the listener, must have no click (no jump the tone itself cannot make) at any switch.
/// </summary>
public sealed class EncoderContinuityTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(AudioCodecs.G722)]
    [InlineData(AudioCodecs.Opus)]
    [InlineData(AudioCodecs.Pcmu)]
    public void Listener_switching_between_talking_and_listening_hears_a_continuous_tone(string codec)
    {
        var room = new MixRoom("continuity", new MixRoomOptions(TalkReleaseMs: 100));
        var talker = new TestPort(codec, 440, 8000);
        var listener = new TestPort(codec);
        room.Join(talker);
        room.Join(listener);
        for (int i = 0; i < 3; i++)
        {
            room.Join(new TestPort(codec)); // silent listeners: the shared encode is in use
        }

        int switches = 0;
        bool wasTalking = false;
        for (int tick = 0; tick < 400; tick++)
        {
            // The listener talks (a 2 kHz tone, subtracted from what it hears) for 0.4 s every 1 s.
            listener.Frequency = tick % 50 is >= 20 and < 40 ? 2000 : 0;
            room.Tick();
            bool talking = room.Stats.Talkers == 2;
            switches += talking != wasTalking ? 1 : 0;
            wasTalking = talking;
        }

        Assert.True(switches >= 10, $"the listener switched between talking and listening only {switches} times");
        short[] heard = listener.HeardAfter(200);
        int rate = listener.SampleRate;
        // The tone's own second difference is at most A·(2π·f/fs)²; a click (a jump between two encoder states) is a
        // burst of broadband energy far above it. Judge each 20 ms frame against the typical frame.
        int frame = rate / 50;
        var peaks = new List<double>();
        for (int start = 2; start + frame <= heard.Length; start += frame)
        {
            double peak = 0;
            for (int n = start; n < start + frame; n++)
            {
                peak = Math.Max(peak, Math.Abs(heard[n] - (2.0 * heard[n - 1]) + heard[n - 2]));
            }

            peaks.Add(peak);
        }

        double typical = peaks.Order().ElementAt(peaks.Count / 2);
        double worst = peaks.Max();
        output.WriteLine($"{codec}: {switches} switches; second-difference peak per frame: typical {typical:F0}, worst {worst:F0}");
        Assert.True(worst <= (3 * typical) + 300, $"{codec}: a click at a talk/listen switch: peak {worst:F0} vs typical {typical:F0}");
    }
}
