using BenchmarkDotNet.Attributes;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Benchmarks.Media;

/// <summary>One 20 ms tick of a G.711 room: decode every leg, detect talkers, mix 3 talkers, N-1, encode
/// (talkers' own encodes plus one shared). Divide the mean by N for the per-participant cost.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class MixTickBenchmarks
{
    private MixRoom _room = null!;

    [Params(10, 100, 1000)]
    public int Participants { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _room = new MixRoom("bench");
        for (int i = 0; i < Participants; i++)
        {
            _room.Join(new SyntheticPort(i % 2 == 0 ? AudioCodecs.Pcmu : AudioCodecs.Pcma, i < 3 ? 300 + (150 * i) : 0));
        }

        for (int i = 0; i < 50; i++)
        {
            _room.Tick();
        }

        if (_room.Stats.Talkers != 3)
        {
            throw new InvalidOperationException($"expected 3 talkers, got {_room.Stats.Talkers}");
        }
    }

    [Benchmark]
    public void G711Tick() => _room.Tick();
}
