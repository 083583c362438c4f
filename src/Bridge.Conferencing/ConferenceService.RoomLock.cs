using System.Collections.Frozen;
using Bridge.Conferencing.Roster;

namespace Bridge.Conferencing;

/// <summary>
/// The rooms' lock state for the page (<see cref="IRoomLockState"/>): taken with the roster on the conference queue, so a
/// lock or unlock from a moderator's page, a phone moderator's keypad or the admin API raises the roster change too.
/// </summary>
public sealed partial class ConferenceService : IRoomLockState
{
    private FrozenSet<string> _lockedRooms = FrozenSet<string>.Empty;

    /// <inheritdoc />
    public bool IsLocked(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Volatile.Read(ref _lockedRooms).Contains(room);
    }

    /// <summary>Runs on the queue (from <see cref="PublishRosters"/>): takes the lock state of the open rooms; returns the previous one.</summary>
    private FrozenSet<string> PublishLockState()
    {
        var locked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in _rooms.Values)
        {
            if (room.Locked)
            {
                locked.Add(room.Config.Number);
            }
        }

        var previous = _lockedRooms;
        Volatile.Write(ref _lockedRooms, locked.ToFrozenSet(StringComparer.Ordinal));
        return previous;
    }
}
