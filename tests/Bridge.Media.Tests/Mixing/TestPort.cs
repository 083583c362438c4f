using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Mixing;

/// <summary>A participant for mixer tests: sends a tone (or silence) and decodes everything it is sent.</summary>
internal sealed class TestPort : IMixerPort
{
    private readonly IAudioDecoder _decoder;
    private readonly short[] _decoded = new short[AudioFrame.MaxPacketSamples];
    private readonly List<short> _heard = [];
    private long _offset;

    internal TestPort(string codec, double frequency = 0, double amplitude = 10000)
    {
        CodecName = codec;
        Frequency = frequency;
        Amplitude = amplitude;
        _decoder = AudioCodecs.CreateDecoder(codec);
    }

    public string CodecName { get; }

    internal int SampleRate => _decoder.SampleRate;

    internal double Frequency { get; set; }

    internal double Amplitude { get; set; }

    /// <summary>When false, ReadFrame reports nothing this tick.</summary>
    internal bool Present { get; set; } = true;

    internal int Writes { get; private set; }

    internal int LastIncrement { get; private set; }

    internal short[] Heard => [.. _heard];

    internal void ClearHeard() => _heard.Clear();

    /// <summary>What was heard after skipping the first <paramref name="skipMs"/> milliseconds.</summary>
    internal short[] HeardAfter(int skipMs)
    {
        int skip = SampleRate * skipMs / 1000;
        return _heard.Count <= skip ? [] : [.. _heard.Skip(skip)];
    }

    public bool ReadFrame(Span<short> pcm)
    {
        if (!Present)
        {
            return false;
        }

        if (Frequency == 0)
        {
            pcm.Clear();
        }
        else
        {
            TestTones.Fill(pcm, Frequency, SampleRate, Amplitude, _offset);
        }

        _offset += pcm.Length;
        return true;
    }

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        Writes++;
        LastIncrement = rtpTimestampIncrement;
        int n = _decoder.Decode(payload, _decoded);
        Assert.True(n > 0, "payload did not decode");
        _heard.AddRange(_decoded.AsSpan(0, n));
    }
}
