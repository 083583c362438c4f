namespace Bridge.Media;

/// <summary>
/// Fixed-capacity FIFO of PCM samples for re-framing: a leg decodes packets of any ptime (10–60 ms) into
/// it and the mixer port reads exactly 20 ms per tick. When full, the oldest samples are dropped (the
/// sender runs fast); allocation-free after construction. Single producer and consumer on one thread.
/// </summary>
public sealed class PcmFifo
{
    private readonly short[] _buffer;
    private int _start;
    private int _count;

    /// <summary>FIFO holding up to <paramref name="capacity"/> samples (e.g. 120 ms at the codec rate).</summary>
    public PcmFifo(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _buffer = new short[capacity];
    }

    /// <summary>Samples buffered.</summary>
    public int Count => _count;

    /// <summary>Maximum samples buffered.</summary>
    public int Capacity => _buffer.Length;

    /// <summary>Samples dropped because the FIFO was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Appends samples, dropping the oldest ones when they do not fit.</summary>
    public void Write(ReadOnlySpan<short> pcm)
    {
        if (pcm.Length >= _buffer.Length)
        {
            Dropped += _count + pcm.Length - _buffer.Length;
            pcm[^_buffer.Length..].CopyTo(_buffer);
            _start = 0;
            _count = _buffer.Length;
            return;
        }

        int overflow = _count + pcm.Length - _buffer.Length;
        if (overflow > 0)
        {
            Skip(overflow);
            Dropped += overflow;
        }

        int end = (_start + _count) % _buffer.Length;
        int first = Math.Min(pcm.Length, _buffer.Length - end);
        pcm[..first].CopyTo(_buffer.AsSpan(end));
        pcm[first..].CopyTo(_buffer);
        _count += pcm.Length;
    }

    /// <summary>Reads exactly <c>destination.Length</c> samples; false (nothing read) when fewer are buffered.</summary>
    public bool TryRead(Span<short> destination)
    {
        if (destination.Length > _count)
        {
            return false;
        }

        int first = Math.Min(destination.Length, _buffer.Length - _start);
        _buffer.AsSpan(_start, first).CopyTo(destination);
        _buffer.AsSpan(0, destination.Length - first).CopyTo(destination[first..]);
        Skip(destination.Length);
        return true;
    }

    /// <summary>Empties the FIFO.</summary>
    public void Clear()
    {
        _start = 0;
        _count = 0;
    }

    private void Skip(int samples)
    {
        _start = (_start + samples) % _buffer.Length;
        _count -= samples;
    }
}
