using System.Collections.Concurrent;
using Bridge.Conferencing.Roster;

namespace Bridge.Web.Tests.Fakes;

/// <summary>A roster of our own interface: the test sets a room's entries and raises Changed as the conference queue would.</summary>
internal sealed class FakeRoomRoster : IRoomRoster, IRoomLockState
{
    private readonly ConcurrentDictionary<string, bool> _locked = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, IReadOnlyList<RosterEntry>> _rooms = new(StringComparer.Ordinal);

    public event EventHandler<RosterChangedEventArgs>? Changed;

    public int Subscribers => Changed?.GetInvocationList().Length ?? 0;

    public IReadOnlyList<RosterEntry> Get(string room) => _rooms.GetValueOrDefault(room) ?? [];

    public void Set(string room, params RosterEntry[] entries)
    {
        _rooms[room] = entries;
        Changed?.Invoke(this, new RosterChangedEventArgs(room, entries) { Locked = IsLocked(room) });
    }

    public bool IsLocked(string room) => _locked.GetValueOrDefault(room);

    /// <summary>Locks or unlocks the room and raises Changed with the same entries, as the bridge does.</summary>
    public void SetLocked(string room, bool locked)
    {
        _locked[room] = locked;
        Changed?.Invoke(this, new RosterChangedEventArgs(room, Get(room)) { Locked = locked });
    }
}
