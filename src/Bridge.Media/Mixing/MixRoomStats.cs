namespace Bridge.Media.Mixing;

/// <summary>Counters of one room, read from any thread (values of the last completed tick).</summary>
/// <param name="Ticks">Ticks mixed so far.</param>
/// <param name="Participants">Members after the last tick's joins and leaves.</param>
/// <param name="Talkers">Participants mixed into the last tick.</param>
/// <param name="EncodesLastTick">Encoder calls in the last tick (shared encodes count once).</param>
/// <param name="TotalEncodes">Encoder calls since the room was created.</param>
/// <param name="PortErrors">Exceptions thrown by ports (caught; the participant got silence that tick).</param>
/// <param name="SampleRate">Current mixing rate.</param>
public readonly record struct MixRoomStats(
    long Ticks, int Participants, int Talkers, int EncodesLastTick, long TotalEncodes, long PortErrors, int SampleRate);
