using Bridge.Media;
using Bridge.Media.Codecs;
using Bridge.Media.Mixing;

namespace Bridge.Benchmarks.Media;

/// <summary>A leg without sockets: decodes preloaded payloads in a loop (the jitter buffer's work) and
/// copies what it is sent (the packetiser's work).</summary>
internal sealed class SyntheticPort : IMixerPort
{
    private readonly IAudioDecoder _decoder;
    private readonly byte[][] _payloads;
    private readonly byte[] _sent = new byte[1500];
    private int _next;

    internal SyntheticPort(string codec, double frequency, int frames = 50)
    {
        CodecName = codec;
        _decoder = AudioCodecs.CreateDecoder(codec);
        IAudioEncoder encoder = AudioCodecs.CreateEncoder(codec);
        int samples = AudioFrame.SamplesPerFrame(encoder.SampleRate);
        short[] pcm = new short[samples];
        byte[] payload = new byte[1500];
        _payloads = new byte[frames][];
        for (int f = 0; f < frames; f++)
        {
            for (int i = 0; i < samples; i++)
            {
                double t = ((double)(f * samples) + i) / encoder.SampleRate;
                pcm[i] = frequency > 0 ? (short)(8000 * Math.Sin(2 * Math.PI * frequency * t)) : (short)0;
            }

            int n = encoder.Encode(pcm, payload);
            _payloads[f] = payload.AsSpan(0, n).ToArray();
        }
    }

    public string CodecName { get; }

    public bool ReadFrame(Span<short> pcm)
    {
        byte[] payload = _payloads[_next];
        _next = (_next + 1) % _payloads.Length;
        return _decoder.Decode(payload, pcm) == pcm.Length;
    }

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement) => payload.CopyTo(_sent);
}
