namespace Bridge.Rtp;

/// <summary>
/// Pauses of <see cref="JitterBuffer"/>: a receiver that skips a silent sender's packets says so (<see cref="MarkPause"/>),
/// and a packet far ahead after such a gap starts the next talkspurt (<see cref="IsPauseOver"/>).
/// </summary>
public sealed partial class JitterBuffer
{
    /// <summary>
    /// The receiver knows the sender is silent and will skip its packets (RFC 6464 level or codec VAD): once what is buffered
    /// has played, <see cref="Get"/> reports Empty at once instead of concealing the packets it will not get, until the next
    /// <see cref="Put(ReadOnlySpan{byte}, ushort, uint, uint, int, bool)"/>. Socket thread: the mark travels behind the
    /// packets put before it.
    /// </summary>
    public void MarkPause() => PutPause();

    /// <summary>
    /// A packet far ahead in sequence whose timestamp advanced at least with it (less than half a frame behind) and whose
    /// transit is normal: the packets between were numbered by the sender but never buffered (the receiver skipped them as
    /// silence, RFC 6464 or the codec's own flags, or an outage ate them). A DTX sender's skipped packets advance the
    /// timestamp by more than a frame each (Opus: one every 400 ms, RFC 7587 §3.1.3), so a timestamp ahead of the sequence
    /// is a pause too. It starts the next talkspurt at once, rather than being dropped as a possible stray. With nothing
    /// buffered, the playout position moves up to it, so no frame is counted as overflow.
    /// </summary>
    private bool IsPauseOver(long sequence, long extendedTimestamp)
    {
        long packets = sequence - _highestSequence;
        long drift = extendedTimestamp - _timestampReference - (packets * _frameUnits);
        if (packets <= 0 || drift < -(_frameUnits / 2))
        {
            return false;
        }

        if (_buffered == 0 && sequence - _nextSequence > _mask)
        {
            long skip = sequence - _nextSequence;
            _nextSequence = sequence;
            _expectedTimestamp += skip * _frameUnits;
            _playoutTimestamp = Math.Max(_playoutTimestamp, _expectedTimestamp);
        }

        return true;
    }
}
