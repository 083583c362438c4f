namespace Bridge.LoadTests;

/// <summary>
/// What one participant received: the packet count, and for every <see cref="CheckEvery"/>th 20 ms µ-law frame which talker
/// tones <see cref="ToneMeter"/> found in it. Counted on the receiving thread, read on the harness's thread.
/// </summary>
internal sealed class ToneTally
{
    /// <summary>Every this many received packets one is checked.</summary>
    public const int CheckEvery = 4;
    private readonly int[] _heard = new int[ToneMeter.Frequencies.Length];
    private long _received;
    private long _checked;

    public long Received => Interlocked.Read(ref _received);

    /// <summary>Counts one received PCMU payload and sometimes listens to it.</summary>
    public void Count(ReadOnlySpan<byte> payload)
    {
        if (CountOne())
        {
            Listen(payload);
        }
    }

    /// <summary>Counts one received packet; true when it is one to listen to (then call <see cref="Listen"/>).</summary>
    public bool CountOne() => Next() % CheckEvery == 0;

    /// <summary>Counts one received packet; its number (1, 2, …) since the last <see cref="Reset"/>.</summary>
    public long Next() => Interlocked.Increment(ref _received);

    /// <summary>Which talker tones the first 160 octets of <paramref name="payload"/> carry (nothing for a shorter one).</summary>
    public void Listen(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 160)
        {
            return;
        }

        Record(ToneMeter.Detect(payload[..160]));
    }

    /// <summary>Which talker tones 160 samples of 8 kHz PCM carry (a decoded Opus frame, <see cref="OpusListener"/>).</summary>
    public void ListenPcm(ReadOnlySpan<short> pcm) => Record(ToneMeter.Detect(pcm));

    private void Record(int tones)
    {
        lock (_heard)
        {
            _checked++;
            for (int t = 0; t < _heard.Length; t++)
            {
                _heard[t] += (tones >> t) & 1;
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
        for (int t = 0; t < talkers; t++)
        {
            if (t != self && !Heard(t))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether tone <paramref name="tone"/> was heard in at least half the frames checked (none checked: no).</summary>
    public bool Heard(int tone)
    {
        lock (_heard)
        {
            return _checked > 0 && _heard[tone] * 2 >= _checked;
        }
    }
}
