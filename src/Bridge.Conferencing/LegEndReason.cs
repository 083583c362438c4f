namespace Bridge.Conferencing;

/// <summary>Why the conference ended a leg, for a participant whose page shows it in words (a phone hears a prompt instead).</summary>
public enum LegEndReason
{
    /// <summary>No reason of the room's: left, hung up, media lost, the bridge stopping.</summary>
    Other,

    /// <summary>A moderator (page or admin API) removed the participant.</summary>
    Removed,

    /// <summary>The meeting ended for everyone (a moderator's End meeting, the admin API, the schedule, the last moderator leaving).</summary>
    MeetingEnded,

    /// <summary>A moderator turned the participant away from the lobby.</summary>
    Denied,
}
