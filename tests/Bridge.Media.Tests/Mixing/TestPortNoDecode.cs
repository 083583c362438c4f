using Bridge.Media.Codecs;
using Bridge.Media.Mixing;
using Bridge.TestKit.Audio;

namespace Bridge.Media.Tests.Mixing;

/// <summary>A participant for allocation tests: sends a tone (or silence) and drops what it is sent, allocating nothing.</summary>
internal sealed class TestPortNoDecode(string codec, double frequency) : IMixerPort
{
    private long _offset;

    public string CodecName => codec;

    public bool ReadFrame(Span<short> pcm)
    {
        if (frequency > 0)
        {
            TestTones.Fill(pcm, frequency, pcm.Length * AudioFrame.FramesPerSecond, 8000, _offset);
        }
        else
        {
            pcm.Clear();
        }

        _offset += pcm.Length;
        return true;
    }

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
    }
}
