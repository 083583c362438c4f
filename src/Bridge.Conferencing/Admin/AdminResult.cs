namespace Bridge.Conferencing.Admin;

/// <summary>The outcome of an admin action on a room or participant.</summary>
public enum AdminResult
{
    /// <summary>Done (or nothing to do: the state was already the one asked for).</summary>
    Done,

    /// <summary>No room with that number is open (or, for listing, configured).</summary>
    RoomNotFound,

    /// <summary>The room is open but has no participant with that id.</summary>
    ParticipantNotFound,
}
