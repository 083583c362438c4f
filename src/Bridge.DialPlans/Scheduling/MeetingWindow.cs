namespace Bridge.DialPlans.Scheduling;

/// <summary>A stretch of time a scheduled room is open for callers: from <see cref="Opens"/> (a meeting's start less
/// the room's openEarly) until <see cref="Ends"/> (the end of the last meeting that overlaps or follows without a gap).</summary>
public readonly record struct MeetingWindow(DateTimeOffset Opens, DateTimeOffset Ends);
