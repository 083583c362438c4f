namespace Bridge.Conferencing.Roster;

/// <summary>A room's roster after a change (join, leave, mute, rename); empty when the room closed.</summary>
public sealed class RosterChangedEventArgs(string room, IReadOnlyList<RosterEntry> entries) : EventArgs
{
    /// <summary>The room number.</summary>
    public string Room { get; } = room;

    /// <summary>Everyone in the room after the change.</summary>
    public IReadOnlyList<RosterEntry> Entries { get; } = entries;

    /// <summary>True when the room is locked after the change (a lock or unlock alone raises the change too).</summary>
    public bool Locked { get; init; }
}
