using BenchmarkDotNet.Attributes;
using Bridge.Media;
using Bridge.Media.Resampling;

namespace Bridge.Benchmarks.Media;

/// <summary>Resampling one 20 ms frame between the bridge's rates.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ResamplerBenchmarks
{
    private Resampler _resampler = null!;
    private short[] _input = null!;
    private short[] _output = null!;

    [Params("8000-16000", "16000-8000", "16000-48000", "48000-16000", "8000-48000", "48000-8000")]
    public string Conversion { get; set; } = "8000-16000";

    [GlobalSetup]
    public void Setup()
    {
        string[] rates = Conversion.Split('-');
        int from = int.Parse(rates[0], System.Globalization.CultureInfo.InvariantCulture);
        int to = int.Parse(rates[1], System.Globalization.CultureInfo.InvariantCulture);
        _resampler = new Resampler(from, to);
        _input = new short[AudioFrame.SamplesPerFrame(from)];
        _output = new short[AudioFrame.SamplesPerFrame(to)];
        for (int i = 0; i < _input.Length; i++)
        {
            _input[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / from));
        }
    }

    [Benchmark]
    public int Frame() => _resampler.Process(_input, _output);
}
