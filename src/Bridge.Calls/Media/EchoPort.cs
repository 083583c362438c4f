using Bridge.Media.Mixing;

namespace Bridge.Calls.Media;

/// <summary>
/// Plays back what a caller said, <c>delay</c> later: a ring of 20 ms frames written by the caller's
/// reads and read by the mixer as if it were a second participant. Both sides run on the room's thread.
/// </summary>
internal sealed class EchoPort : IMixerPort
{
    private readonly short[][] _frames;
    private readonly bool[] _filled;
    private readonly int _samples;
    private int _write;
    private int _read;

    public EchoPort(string codecName, int samplesPerFrame, TimeSpan delay)
    {
        CodecName = codecName;
        _samples = samplesPerFrame;
        var depth = Math.Max(1, (int)(delay.TotalMilliseconds / 20));
        _frames = new short[depth + 1][];
        _filled = new bool[depth + 1];
        for (var i = 0; i < _frames.Length; i++)
        {
            _frames[i] = new short[samplesPerFrame];
        }

        _read = 1;
    }

    public string CodecName { get; }

    /// <summary>Stores one frame of the caller (silence when <paramref name="pcm"/> is empty).</summary>
    public void Record(ReadOnlySpan<short> pcm)
    {
        var slot = _frames[_write];
        if (pcm.Length == _samples)
        {
            pcm.CopyTo(slot);
            _filled[_write] = true;
        }
        else
        {
            _filled[_write] = false;
        }

        _write = (_write + 1) % _frames.Length;
    }

    public bool ReadFrame(Span<short> pcm)
    {
        var slot = _read;
        _read = (_read + 1) % _frames.Length;
        if (!_filled[slot])
        {
            return false;
        }

        _frames[slot].CopyTo(pcm);
        return true;
    }

    public void WriteEncoded(ReadOnlySpan<byte> payload, int rtpTimestampIncrement)
    {
        // Nobody listens at this end.
    }
}
