namespace Bridge.Rtp;

/// <summary>A snapshot of a <see cref="JitterBuffer"/>'s counters.</summary>
/// <param name="Played">Frames handed out.</param>
/// <param name="Lost">Frames reported lost (concealed by the caller).</param>
/// <param name="Late">Packets that arrived after their playout time and were dropped.</param>
/// <param name="Duplicates">Duplicate packets dropped.</param>
/// <param name="Overflow">Oldest packets dropped because the buffer was full.</param>
/// <param name="Discarded">Packets skipped to shrink the delay towards the target.</param>
/// <param name="Resyncs">Restarts after an SSRC change or a timestamp jump.</param>
/// <param name="Buffered">Packets waiting now.</param>
/// <param name="CurrentDelay">Delay at which the last frame was played, above the fastest observed transit.</param>
/// <param name="TargetDelay">The adaptive target delay.</param>
/// <param name="Concealed">Get calls answered Lost: frames the caller concealed (a gap in sequence, or nothing due while the
/// stream was flowing). <see cref="Lost"/> counts sequence numbers given up, some of them skipped rather than concealed.</param>
public readonly record struct JitterBufferStatistics(
    long Played,
    long Lost,
    long Late,
    long Duplicates,
    long Overflow,
    long Discarded,
    long Resyncs,
    int Buffered,
    TimeSpan CurrentDelay,
    TimeSpan TargetDelay,
    long Concealed = 0);
