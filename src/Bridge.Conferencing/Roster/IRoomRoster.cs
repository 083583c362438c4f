namespace Bridge.Conferencing.Roster;

/// <summary>Who is in each room now, and a notification whenever that changes. Implemented by <see cref="ConferenceService"/>.</summary>
public interface IRoomRoster
{
    /// <summary>Raised (on the conference queue; handlers must return quickly and not block) after a room's roster changed.</summary>
    event EventHandler<RosterChangedEventArgs>? Changed;

    /// <summary>The room's participants now; empty when the room is not open.</summary>
    IReadOnlyList<RosterEntry> Get(string room);
}
