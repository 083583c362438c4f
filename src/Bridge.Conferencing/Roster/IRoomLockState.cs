namespace Bridge.Conferencing.Roster;

/// <summary>Whether a room is locked now (only moderators may enter), for the page's <c>Room locked</c> / <c>Room open</c>.
/// Implemented by <see cref="ConferenceService"/>; changes are raised with the roster (<see cref="RosterChangedEventArgs.Locked"/>).</summary>
public interface IRoomLockState
{
    /// <summary>True while the room is open and locked; false for an open, unlocked room or a room that is not open.</summary>
    bool IsLocked(string room);
}
