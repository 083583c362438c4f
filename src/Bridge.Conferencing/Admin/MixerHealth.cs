namespace Bridge.Conferencing.Admin;

/// <summary>The mixer's health since start, for the admin API: does the machine keep up with its rooms?</summary>
/// <param name="Threads">Mixer threads.</param>
/// <param name="RealtimeThreads">Of those, in the real-time scheduling class.</param>
/// <param name="Ticks">Ticks run.</param>
/// <param name="Overruns">Ticks that ended after the next deadline.</param>
/// <param name="SkippedTicks">Deadlines abandoned after falling behind.</param>
/// <param name="TickDurationP99Micros">99th percentile tick duration, µs.</param>
/// <param name="TickLatenessP99Micros">99th percentile start lateness, µs.</param>
/// <param name="RoomErrors">Exceptions caught in room ticks.</param>
/// <param name="SendCompletionP99Micros">For ticks sent by a mixer thread's send stage (threads past 256 listeners): 99th
/// percentile of when the tick's last payload left after its deadline, µs.</param>
/// <param name="SendsBehind">Such ticks still being sent at the next deadline.</param>
/// <param name="SendsDropped">Such ticks dropped because sending could not start within 100 ms of the deadline.</param>
public sealed record MixerHealth(int Threads, int RealtimeThreads, long Ticks, long Overruns, long SkippedTicks, long TickDurationP99Micros,
    long TickLatenessP99Micros, long RoomErrors, long SendCompletionP99Micros = 0, long SendsBehind = 0, long SendsDropped = 0);
