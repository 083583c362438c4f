namespace Bridge.Conferencing.Admin;

/// <summary>
/// What an administrator may see and do to live conferences (the admin API). Implemented by <see cref="ConferenceService"/>:
/// each action runs on its conference queue like a keypad command, and the returned task completes once it has been applied.
/// A muted or unmuted phone hears the usual "you are muted"/"you are unmuted" prompt; a removed one hears "goodbye" and
/// gets a BYE; locking plays "the conference is locked" to the room; ending plays "the conference has ended" to everyone.
/// </summary>
public interface IConferenceAdmin
{
    /// <summary>Rooms configured in the dial plan and rooms open now, ordered by number (a snapshot, safe from any thread).</summary>
    IReadOnlyList<AdminRoom> GetRooms();

    /// <summary>Mutes or unmutes a participant in the mix.</summary>
    Task<AdminResult> SetMutedAsync(string room, string participantId, bool muted);

    /// <summary>Removes a participant: it leaves the room, hears "goodbye" and is hung up.</summary>
    Task<AdminResult> RemoveAsync(string room, string participantId);

    /// <summary>Locks (only moderators may join) or unlocks a room.</summary>
    Task<AdminResult> SetLockedAsync(string room, bool locked);

    /// <summary>Ends a room for everyone.</summary>
    Task<AdminResult> EndAsync(string room);
}
