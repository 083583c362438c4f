using BenchmarkDotNet.Attributes;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Benchmarks.Media;

/// <summary>One tick of a 100-participant Opus room with 3 talkers: 100 Opus decodes in the legs and at most
/// 4 Opus encodes in the mixer (3 talkers' N-1 plus one shared by the 97 listeners).</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class OpusRoomBenchmarks
{
    private MixRoom _room = null!;

    [Params(OpusLibrary.Native, OpusLibrary.Managed)]
    public OpusLibrary Library { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        AudioCodecs.UseOpus(Library);
        AudioCodecs.WarmUp();
        _room = new MixRoom("opus-bench");
        for (int i = 0; i < 100; i++)
        {
            _room.Join(new SyntheticPort(AudioCodecs.Opus, i < 3 ? 300 + (150 * i) : 0));
        }

        for (int i = 0; i < 50; i++)
        {
            _room.Tick();
        }

        if (_room.Stats.EncodesLastTick > 4 || _room.Stats.Talkers != 3)
        {
            throw new InvalidOperationException($"{_room.Stats}");
        }
    }

    [Benchmark]
    public void OpusTick100With3Talkers() => _room.Tick();
}
