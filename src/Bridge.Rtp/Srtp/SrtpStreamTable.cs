namespace Bridge.Rtp.Srtp;

/// <summary>
/// A fixed set of preallocated <see cref="SrtpStream"/> slots keyed by SSRC. A stream is looked up
/// without allocating; a new receive stream is prepared in a spare slot and committed only after its
/// first packet authenticates, so forged packets cannot evict real streams. When full, the least
/// recently used stream is replaced. Not thread-safe.
/// </summary>
internal sealed class SrtpStreamTable
{
    private readonly SrtpStream[] _slots;
    private SrtpStream _spare = new();
    private long _clock;
    private SrtpStream? _last;

    public SrtpStreamTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new SrtpStream[capacity];
        for (var i = 0; i < capacity; i++)
        {
            _slots[i] = new SrtpStream();
        }
    }

    /// <summary>The stream of <paramref name="ssrc"/>, or null.</summary>
    public SrtpStream? Find(uint ssrc)
    {
        if (_last is { InUse: true } last && last.Ssrc == ssrc)
        {
            last.LastUse = ++_clock;
            return last;
        }

        foreach (var slot in _slots)
        {
            if (slot.InUse && slot.Ssrc == ssrc)
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

    /// <summary>Stores the prepared stream in a free or least recently used slot.</summary>
    public void Commit(SrtpStream prepared)
    {
        if (!ReferenceEquals(prepared, _spare))
        {
            return;
        }

        var victim = 0;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (!_slots[i].InUse)
            {
                victim = i;
                break;
            }

            if (_slots[i].LastUse < _slots[victim].LastUse)
            {
                victim = i;
            }
        }

        var old = _slots[victim];
        _slots[victim] = prepared;
        prepared.LastUse = ++_clock;
        old.InUse = false;
        _spare = old;
        _last = prepared;
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
