using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;
using Bridge.Media.Tests.Mixing;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Prompts;

/// <summary>
/// A codec change (re-INVITE) replaces a leg's participant within its room. The IVR's prompt playing to it must go on
/// with the new participant from where it was, and complete with its callback, instead of ending as Stopped, which left
/// the IVR waiting for a completion that never came.
/// </summary>
public sealed class PromptTakeOverTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prompts").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private AudioPrompt Tone(string name, double frequency, int ms)
    {
        string path = Path.Combine(_dir, name);
        WavFiles.Write(path, TestTones.Sine(frequency, 16000, 16000 * ms / 1000, 12000), 16000);
        return AudioPrompt.FromWavFile(path);
    }

    [Fact]
    public async Task Prompts_kept_on_leave_go_on_with_the_replacement_from_where_they_were_and_complete()
    {
        var room = new MixRoom("swap");
        var before = new TestPort(AudioCodecs.Pcmu);
        MixParticipant first = room.Join(before, hearsRoom: false);
        var results = new List<PromptResult>();
        var done = new TaskCompletionSource();
        first.PlaySequence([Tone("a.wav", 600, 500), Tone("b.wav", 900, 500)], r =>
        {
            lock (results)
            {
                results.Add(r);
            }

            done.TrySetResult();
        });
        for (int i = 0; i < 15; i++)
        {
            room.Tick(); // 300 ms of the first prompt
        }

        // The codec change: the leg's participant is moved within its room to one with the new codec, its prompts passed on.
        var after = new TestPort(AudioCodecs.Pcma);
        first.PassPromptsOnMove();
        room.Move(first, room, after, hearsRoom: false);
        room.Tick(); // the move is applied: first leaves, second is admitted with the prompts
        await first.Gone.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(results);

        // 700 ms were left (200 ms of the first prompt, then the second): 35 ticks. The completion is reported off the mixing
        // thread, so how many ticks ran before it arrived says nothing on a busy machine; what the replacement heard does.
        const int Ticks = 45;
        for (int i = 0; i < Ticks; i++)
        {
            room.Tick();
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([PromptResult.Completed], results);
        short[] heard = after.Heard;
        Assert.True(heard.Length >= Ticks * 160, $"heard {heard.Length} samples");
        Assert.True(Goertzel.LevelDbfs(heard.AsSpan(400, 1200), 600, 8000) > -12, "the first prompt did not go on after the swap");
        Assert.True(Goertzel.LevelDbfs(heard.AsSpan(2400, 3200), 900, 8000) > -12, "the second prompt did not play after the swap");
        // It played to its end (33–37 ticks, as before: at 8 kHz 160 samples a tick), and nothing of it after that.
        Assert.True(Goertzel.LevelDbfs(heard.AsSpan(31 * 160, 2 * 160), 900, 8000) > -12, "the second prompt stopped before its end");
        Assert.True(Goertzel.LevelDbfs(heard.AsSpan(38 * 160, 6 * 160), 900, 8000) < -40, "the second prompt went on past its end");
    }

    [Fact]
    public async Task Without_passing_them_on_a_move_ends_the_prompts_as_stopped()
    {
        var room = new MixRoom("move-plain");
        MixParticipant first = room.Join(new TestPort(AudioCodecs.Pcmu), hearsRoom: false);
        var done = new TaskCompletionSource<PromptResult>();
        first.PlaySequence([Tone("c.wav", 600, 500)], r => done.TrySetResult(r));
        room.Tick();
        room.Move(first, room, new TestPort(AudioCodecs.Pcma), hearsRoom: false);
        room.Tick();

        Assert.Equal(PromptResult.Stopped, await done.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
