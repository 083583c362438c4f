using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.Media.Prompts;
using Bridge.Media.Tests.Mixing;
using Bridge.Media.Tones;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Prompts;

public sealed class PromptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("prompts").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteTone(string name, double frequency, int rate, int ms)
    {
        string path = Path.Combine(_dir, name);
        WavFiles.Write(path, TestTones.Sine(frequency, rate, rate * ms / 1000, 12000), rate);
        return path;
    }

    [Theory]
    [InlineData(8000)]
    [InlineData(16000)]
    [InlineData(48000)]
    public void Wav_prompts_load_at_every_rate_with_the_right_length(int rate)
    {
        AudioPrompt prompt = AudioPrompt.FromWavFile(WriteTone("p.wav", 600, rate, 500));
        Assert.Equal(0.5, prompt.Duration.TotalSeconds, 2);
        Assert.Equal(4000, prompt.GetPcm(8000).Length);
        Assert.Equal(24000, prompt.GetPcm(48000).Length);
        Assert.True(Goertzel.LevelDbfs(prompt.GetPcm(16000).AsSpan(800, 6400), 600, 16000) > -10);
    }

    [Fact]
    public void Unsupported_wav_formats_are_refused_with_the_reason()
    {
        string path = Path.Combine(_dir, "bad.wav");
        WavFiles.Write(path, new short[100], 22050);
        var e = Assert.Throws<InvalidDataException>(() => AudioPrompt.FromWavFile(path));
        Assert.Contains("22050", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Private_prompt_is_heard_only_by_its_participant_and_completes()
    {
        var room = new MixRoom("prompt");
        var a = new TestPort(AudioCodecs.Pcmu);
        var b = new TestPort(AudioCodecs.G722);
        MixParticipant pa = room.Join(a, hearsRoom: false);
        room.Join(b);
        AudioPrompt prompt = AudioPrompt.FromWavFile(WriteTone("welcome.wav", 600, 16000, 300));
        var done = new TaskCompletionSource<PromptResult>();
        pa.PlaySequence([prompt, prompt], r => done.SetResult(r));
        for (int i = 0; i < 29; i++)
        {
            room.Tick();
        }

        Assert.False(done.Task.IsCompleted);
        for (int i = 0; i < 3; i++)
        {
            room.Tick();
        }

        Assert.Equal(PromptResult.Completed, await done.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(Goertzel.LevelDbfs(a.Heard.AsSpan(400, 4000), 600, 8000) > -12);
        Assert.True(Goertzel.RmsDbfs(b.Heard) < -60);
    }

    [Fact]
    public async Task Room_prompt_is_heard_by_everybody_who_hears_the_room()
    {
        var room = new MixRoom("room-prompt");
        var a = new TestPort(AudioCodecs.Pcmu, 1000);
        var b = new TestPort(AudioCodecs.Pcmu);
        var waiting = new TestPort(AudioCodecs.Pcmu);
        room.Join(a);
        room.Join(b);
        room.Join(waiting, hearsRoom: false);
        var done = new TaskCompletionSource<PromptResult>();
        room.PlayToRoom(ToneGenerator.CreatePrompt(600, 0, TimeSpan.FromMilliseconds(400)), r => done.SetResult(r));
        for (int i = 0; i < 25; i++)
        {
            room.Tick();
        }

        Assert.Equal(PromptResult.Completed, await done.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(Goertzel.LevelDbfs(a.Heard.AsSpan(400, 2400), 600, 8000) > -16);
        Assert.True(Goertzel.LevelDbfs(b.Heard.AsSpan(400, 2400), 600, 8000) > -16);
        Assert.True(Goertzel.LevelDbfs(b.Heard.AsSpan(400, 2400), 1000, 8000) > -16);
        Assert.True(Goertzel.RmsDbfs(waiting.Heard) < -60);
    }

    [Fact]
    public async Task Stopping_or_leaving_reports_stopped()
    {
        var room = new MixRoom("stop");
        var a = new TestPort(AudioCodecs.Pcmu);
        MixParticipant pa = room.Join(a);
        AudioPrompt prompt = ToneGenerator.CreatePrompt(600, 0, TimeSpan.FromSeconds(2));
        var first = new TaskCompletionSource<PromptResult>();
        var second = new TaskCompletionSource<PromptResult>();
        pa.Play(prompt, r => first.SetResult(r));
        room.Tick();
        pa.StopPrompts();
        room.Tick();
        Assert.Equal(PromptResult.Stopped, await first.Task.WaitAsync(TimeSpan.FromSeconds(5)));

        pa.Play(prompt, r => second.SetResult(r));
        room.Tick();
        room.Leave(pa);
        room.Tick();
        Assert.Equal(PromptResult.Stopped, await second.Task.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Recording_writes_the_room_mix_to_a_wav_file()
    {
        var room = new MixRoom("rec");
        room.Join(new TestPort(AudioCodecs.Opus, 440));
        room.Join(new TestPort(AudioCodecs.Pcmu, 1000));
        string path = Path.Combine(_dir, "room.wav");
        room.StartRecording(path);
        Assert.Throws<InvalidOperationException>(() => room.StartRecording(Path.Combine(_dir, "again.wav")));
        for (int i = 0; i < 50; i++)
        {
            room.Tick();
        }

        await room.StopRecordingAsync();
        (short[] pcm, int rate) = WavFiles.Read(path);
        Assert.Equal(16000, rate);
        Assert.Equal(16000, pcm.Length);
        Assert.True(Goertzel.LevelDbfs(pcm.AsSpan(3200), 440, 16000) > -16);
        Assert.True(Goertzel.LevelDbfs(pcm.AsSpan(3200), 1000, 16000) > -16);
    }
}
