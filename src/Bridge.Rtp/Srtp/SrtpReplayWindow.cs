namespace Bridge.Rtp.Srtp;

/// <summary>
/// The replay list of RFC 3711 §3.3.2 as a sliding window of 64 indices behind the highest authenticated
/// index: anything older, or already seen inside the window, is a replay. Only authenticated packets
/// move the window (§3.3 step 7). Mutable struct: keep it in a field and use it by reference.
/// </summary>
internal struct SrtpReplayWindow
{
    /// <summary>Window size in packets (the RFC 3711 minimum, §3.3.2).</summary>
    public const int Size = 64;

    private ulong _bitmap;

    /// <summary>Highest index accepted; valid when <see cref="HasValue"/>.</summary>
    public ulong Highest { get; private set; }

    /// <summary>False until the first packet has been accepted.</summary>
    public bool HasValue { get; private set; }

    /// <summary>True when <paramref name="index"/> is older than the window or was already accepted.</summary>
    public readonly bool IsReplay(ulong index)
    {
        if (!HasValue || index > Highest)
        {
            return false;
        }

        var delta = Highest - index;
        return delta >= Size || (_bitmap & (1UL << (int)delta)) != 0;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Accept(ulong index)
    {
        if (!HasValue)
        {
            Highest = index;
            _bitmap = 1;
            HasValue = true;
            return;
        }

        if (index > Highest)
        {
            var shift = index - Highest;
            _bitmap = shift >= Size ? 1UL : (_bitmap << (int)shift) | 1UL;
            Highest = index;
            return;
        }

        var delta = Highest - index;
        if (delta < Size)
        {
            _bitmap |= 1UL << (int)delta;
        }
    }

    /// <summary>Forgets everything (stream slot reuse).</summary>
    public void Reset()
    {
        _bitmap = 0;
        Highest = 0;
        HasValue = false;
    }
}
