namespace Bridge.Rtp.Srtp;

/// <summary>
/// Up to <c>capacity</c> <see cref="SrtpStream"/> slots keyed by SSRC. A stream is looked up without allocating; a new
/// receive stream is prepared in a spare slot and committed only after its first packet authenticates, so forged packets
/// cannot evict real streams. When full, the least recently used stream is replaced. Slots are filled as streams arrive:
/// a call has one stream each way, and a table of sixteen streams made up front was most of the objects a call kept alive
/// (the collector marks and copies each one of them while the call is young). Not thread-safe.
/// </summary>
internal sealed class SrtpStreamTable
{
    private readonly SrtpStream[] _slots;
    private int _count;
    private SrtpStream _spare = new();
    private long _clock;
    private SrtpStream? _last;

    public SrtpStreamTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new SrtpStream[capacity];
    }

    /// <summary>Slots holding a stream (each a stream made when its first packet was committed).</summary>
    internal int Count => _count;

    /// <summary>The stream of <paramref name="ssrc"/>, or null.</summary>
    public SrtpStream? Find(uint ssrc)
    {
        if (_last is { } last && last.Ssrc == ssrc)
        {
            last.LastUse = ++_clock;
            return last;
        }

        var slots = _slots;
        for (var i = 0; i < _count; i++)
        {
            var slot = slots[i];
            if (slot.Ssrc == ssrc)
            {
                slot.LastUse = ++_clock;
                _last = slot;
                return slot;
            }
        }

        return null;
    }

    /// <summary>A fresh, uncommitted stream for <paramref name="ssrc"/>; valid until the next call.</summary>
    public SrtpStream Prepare(uint ssrc)
    {
        _spare.Reset(ssrc);
        return _spare;
    }

    /// <summary>Stores the prepared stream in a free slot, or in place of the least recently used one (which becomes the spare).
    /// Every slot up to <see cref="Count"/> holds a committed stream, and <c>_last</c> is always one of them.</summary>
    public void Commit(SrtpStream prepared)
    {
        if (!ReferenceEquals(prepared, _spare))
        {
            return;
        }

        prepared.LastUse = ++_clock;
        _last = prepared;
        if (_count < _slots.Length)
        {
            // A new stream, once per SSRC up to the capacity: the next spare is made here, not per packet.
            _slots[_count++] = prepared;
            _spare = new SrtpStream();
            return;
        }

        var victim = 0;
        for (var i = 1; i < _slots.Length; i++)
        {
            if (_slots[i].LastUse < _slots[victim].LastUse)
            {
                victim = i;
            }
        }

        var old = _slots[victim];
        _slots[victim] = prepared;
        _spare = old;
    }

    /// <summary>Finds the stream or creates and commits it at once (send side: our own SSRCs need no proof).</summary>
    public SrtpStream GetOrAdd(uint ssrc)
    {
        var stream = Find(ssrc);
        if (stream is not null)
        {
            return stream;
        }

        stream = Prepare(ssrc);
        Commit(stream);
        return stream;
    }
}
