namespace Bridge.Media.Mixing;

/// <summary>Timing of mixer ticks (µs). Lateness = how long after its absolute 20 ms deadline a tick started;
/// duration = time to mix every room of the thread; an overrun is a tick that ended after the next deadline.</summary>
/// <param name="Threads">Mixer threads aggregated.</param>
/// <param name="Rooms">Rooms being mixed.</param>
/// <param name="Ticks">Ticks run.</param>
/// <param name="Overruns">Ticks that finished after the next tick's deadline.</param>
/// <param name="SkippedTicks">Deadlines abandoned after falling more than 5 ticks behind.</param>
/// <param name="DurationP50Micros">Median tick duration.</param>
/// <param name="DurationP99Micros">99th percentile tick duration.</param>
/// <param name="DurationMaxMicros">Longest tick.</param>
/// <param name="LatenessP50Micros">Median start lateness.</param>
/// <param name="LatenessP99Micros">99th percentile start lateness.</param>
/// <param name="LatenessMaxMicros">Worst start lateness.</param>
/// <param name="RoomErrors">Exceptions escaping a room's tick (caught, counted).</param>
/// <param name="SendCompletionP99Micros">99th percentile of the time from a tick's deadline to its last payload sent (the send stage).</param>
/// <param name="SendsBehind">Ticks whose payloads were still being sent at the next tick's deadline.</param>
/// <param name="SendsDropped">Ticks whose payloads were dropped: sending could not start within 100 ms of the deadline.</param>
public sealed record MixerStats(
    int Threads,
    int Rooms,
    long Ticks,
    long Overruns,
    long SkippedTicks,
    long DurationP50Micros,
    long DurationP99Micros,
    long DurationMaxMicros,
    long LatenessP50Micros,
    long LatenessP99Micros,
    long LatenessMaxMicros,
    long RoomErrors,
    long SendCompletionP99Micros = 0,
    long SendsBehind = 0,
    long SendsDropped = 0);
