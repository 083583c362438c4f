namespace Bridge.Calls.WebRtc.Video;

/// <summary>
/// The last <see cref="Capacity"/> packets of one video source, by sequence number, to answer NACKs (RFC 4585 §6.2.1)
/// without asking the sender. Written by the source's receive loop only; read from other receive loops, with a
/// per-entry stamp written around the copy (a reader that sees the stamp change drops its copy). Entries older than
/// <see cref="MaxAge"/> are not answered. No allocation after construction.
/// </summary>
internal sealed class VideoPacketCache
{
    /// <summary>Packets kept (about 1 s of 2.5 Mbit/s video).</summary>
    public const int Capacity = 512;

    /// <summary>Largest packet kept: header (12 octets, no extension, no CSRC) and payload.</summary>
    public const int EntrySize = 1500;

    /// <summary>Oldest packet a NACK is answered with.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly byte[] _data = new byte[Capacity * EntrySize];
    private readonly int[] _lengths = new int[Capacity];
    private readonly int[] _stamps = new int[Capacity];
    private readonly long[] _ticks = new long[Capacity];

    private readonly long _maxAgeTicks;

    /// <summary>A cache on a clock of <paramref name="timestampFrequency"/> ticks a second (<see cref="TimeProvider.TimestampFrequency"/>).</summary>
    public VideoPacketCache(long timestampFrequency)
    {
        _maxAgeTicks = (long)(MaxAge.TotalSeconds * timestampFrequency);
        Array.Fill(_stamps, -1);
    }

    /// <summary>Owner's thread: makes room for packet <paramref name="sequence"/> and returns its entry to write into.</summary>
    public Span<byte> Begin(ushort sequence)
    {
        int index = sequence & (Capacity - 1);
        Volatile.Write(ref _stamps[index], -1);
        Interlocked.MemoryBarrier();
        return _data.AsSpan(index * EntrySize, EntrySize);
    }

    /// <summary>Owner's thread: the entry of <paramref name="sequence"/> holds <paramref name="length"/> octets now.</summary>
    public ReadOnlySpan<byte> Commit(ushort sequence, int length, long now)
    {
        int index = sequence & (Capacity - 1);
        _lengths[index] = length;
        _ticks[index] = now;
        Volatile.Write(ref _stamps[index], sequence);
        return _data.AsSpan(index * EntrySize, length);
    }

    /// <summary>Any thread: copies packet <paramref name="sequence"/> into <paramref name="destination"/> when it is still kept and fresh.</summary>
    public bool TryCopy(ushort sequence, Span<byte> destination, long now, out int length)
    {
        int index = sequence & (Capacity - 1);
        length = 0;
        if (Volatile.Read(ref _stamps[index]) != sequence || now - Volatile.Read(ref _ticks[index]) > _maxAgeTicks)
        {
            return false;
        }

        int size = _lengths[index];
        if (size <= 0 || size > destination.Length)
        {
            return false;
        }

        _data.AsSpan(index * EntrySize, size).CopyTo(destination);
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _stamps[index]) != sequence)
        {
            return false; // overwritten while copying
        }

        length = size;
        return true;
    }
}
