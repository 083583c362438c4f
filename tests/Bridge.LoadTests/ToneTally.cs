namespace Bridge.LoadTests;

/// <summary>
/// What one participant received: the packet count, and for every <see cref="CheckEvery"/>th 20 ms µ-law frame which talker
/// tones <see cref="ToneMeter"/> found in it. Counted on the receiving thread, read on the harness's thread.
/// </summary>
internal sealed class ToneTally
{
    private const int CheckEvery = 4;
    private readonly int[] _heard = new int[ToneMeter.Frequencies.Length];
    private long _received;
    private long _checked;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Counts one received PCMU payload and sometimes listens to it.</summary>
    public void Count(ReadOnlySpan<byte> payload)
    {
        long count = Interlocked.Increment(ref _received);
        if (count % CheckEvery == 0 && payload.Length >= 160)
        {
            int tones = ToneMeter.Detect(payload[..160]);
            lock (_heard)
            {
                _checked++;
                for (int t = 0; t < _heard.Length; t++)
                {
                    _heard[t] += (tones >> t) & 1;
                }
            }
        }
    }

    /// <summary>Starts counting afresh (the measuring window).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _received, 0);
        lock (_heard)
        {
            Array.Clear(_heard);
            _checked = 0;
        }
    }

    /// <summary>Whether every talker other than <paramref name="self"/> was heard in at least half the frames checked.</summary>
    public bool HeardAll(int talkers, int self)
    {
        lock (_heard)
        {
            for (int t = 0; t < talkers; t++)
            {
                if (t != self && (_checked == 0 || _heard[t] * 2 < _checked))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
