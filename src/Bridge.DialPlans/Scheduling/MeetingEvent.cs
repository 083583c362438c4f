namespace Bridge.DialPlans.Scheduling;

/// <summary>What happens to a scheduled room at a moment of its calendar.</summary>
public enum MeetingEventKind
{
    /// <summary>Five minutes before the room's open window ends: the room hears "ends in five minutes".</summary>
    EndingSoon,

    /// <summary>The window ends: everyone hears "the conference has ended" and is hung up.</summary>
    End,
}

/// <summary>A <see cref="MeetingEventKind"/> at <see cref="At"/>.</summary>
public readonly record struct MeetingEvent(DateTimeOffset At, MeetingEventKind Kind);
