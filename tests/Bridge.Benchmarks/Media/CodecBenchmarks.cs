using BenchmarkDotNet.Attributes;
using Bridge.Media;
using Bridge.Media.Codecs;

namespace Bridge.Benchmarks.Media;

/// <summary>Encode and decode of one 20 ms frame per codec.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CodecBenchmarks
{
    private readonly byte[] _payload = new byte[1500];
    private short[] _pcm = null!;
    private short[] _decoded = null!;
    private byte[] _encoded = null!;
    private IAudioEncoder _encoder = null!;
    private IAudioDecoder _decoder = null!;

    /// <summary>Opus twice: on the system's libopus and on Concentus.</summary>
    [Params("PCMU", "G722", "opus-libopus", "opus-concentus")]
    public string Codec { get; set; } = "PCMU";

    [GlobalSetup]
    public void Setup()
    {
        var name = Codec.StartsWith("opus", StringComparison.Ordinal) ? AudioCodecs.Opus : Codec;
        AudioCodecs.UseOpus(Codec == "opus-concentus" ? OpusLibrary.Managed : OpusLibrary.Native);
        AudioCodecs.WarmUp();
        _encoder = AudioCodecs.CreateEncoder(name);
        _decoder = AudioCodecs.CreateDecoder(name);
        int samples = AudioFrame.SamplesPerFrame(_encoder.SampleRate);
        _pcm = new short[samples];
        for (int i = 0; i < samples; i++)
        {
            _pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / _encoder.SampleRate));
        }

        _decoded = new short[AudioFrame.MaxPacketSamples];
        _encoded = _payload.AsSpan(0, _encoder.Encode(_pcm, _payload)).ToArray();
    }

    [Benchmark]
    public int Encode() => _encoder.Encode(_pcm, _payload);

    [Benchmark]
    public int Decode() => _decoder.Decode(_encoded, _decoded);
}
