namespace Bridge.Conferencing.Members;

/// <summary>The outcome of a <see cref="MemberAction"/>; anything but <see cref="Done"/> changed nothing.</summary>
public enum MemberActionResult
{
    /// <summary>Applied (or nothing to do: the state was already the one asked for).</summary>
    Done,

    /// <summary>The asker is not a member of that room (left, never joined, or still waiting in its lobby).</summary>
    NotInRoom,

    /// <summary>A moderator's action asked by a participant who is not a moderator.</summary>
    NotModerator,

    /// <summary>The room has no participant with that id (it left, or it is in another room).</summary>
    ParticipantNotFound,

    /// <summary>Not possible for that participant: renaming a browser, admitting or denying someone who is not waiting, a bad name.</summary>
    NotAllowed,
}
