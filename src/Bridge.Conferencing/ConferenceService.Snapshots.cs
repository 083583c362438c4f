using Bridge.Conferencing.Rooms;

namespace Bridge.Conferencing;

/// <summary>
/// The open rooms' snapshot list (<see cref="Rooms"/>), kept per room on the conference queue: a publish takes a new
/// snapshot of the room that changed only, and the list (one reference per open room) is remade only when one differs.
/// </summary>
public sealed partial class ConferenceService
{
    private readonly Dictionary<string, RoomSnapshot> _roomSnapshots = new(StringComparer.Ordinal);
    private RoomSnapshot[] _snapshot = [];
    private bool _snapshotsChanged;

    /// <summary>Rooms open now (a snapshot, safe from any thread).</summary>
    public IReadOnlyList<RoomSnapshot> Rooms => Volatile.Read(ref _snapshot);

    private void UpdateSnapshot(ConferenceRoom room)
    {
        var snapshot = room.Snapshot();
        if (!_roomSnapshots.TryGetValue(room.Config.Number, out var before) || before != snapshot)
        {
            _roomSnapshots[room.Config.Number] = snapshot;
            _snapshotsChanged = true;
        }
    }

    private void RemoveSnapshot(string number) => _snapshotsChanged |= _roomSnapshots.Remove(number);

    /// <summary>Remakes the list when a room's snapshot changed, in the rooms' order.</summary>
    private void PublishSnapshots()
    {
        if (!_snapshotsChanged && _snapshot.Length == _rooms.Count)
        {
            return;
        }

        _snapshotsChanged = false;
        var snapshot = new RoomSnapshot[_rooms.Count];
        var i = 0;
        foreach (var room in _rooms.Values)
        {
            if (!_roomSnapshots.TryGetValue(room.Config.Number, out var taken))
            {
                taken = room.Snapshot();
                _roomSnapshots[room.Config.Number] = taken;
            }

            snapshot[i++] = taken;
        }

        Volatile.Write(ref _snapshot, snapshot);
    }
}
