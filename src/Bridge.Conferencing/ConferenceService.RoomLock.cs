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

    /// <summary>Runs on the queue (from the roster's publish): notes one room's lock state; true when it changed. The set is remade only then.</summary>
    private bool UpdateLockState(string room, bool locked)
    {
        var current = _lockedRooms;
        if (current.Contains(room) == locked)
        {
            return false;
        }

        var next = new HashSet<string>(current, StringComparer.Ordinal);
        if (locked)
        {
            next.Add(room);
        }
        else
        {
            next.Remove(room);
        }

        Volatile.Write(ref _lockedRooms, next.ToFrozenSet(StringComparer.Ordinal));
        return true;
    }
}
