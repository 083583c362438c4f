namespace Bridge.Conferencing.Pins;

/// <summary>
/// May this source enter a PIN for this room now, and how long to wait before answering it. <paramref name="ModeratorOnly"/>:
/// the room is under attack and this source is new to it, so only its moderator PIN is checked.
/// </summary>
public readonly record struct PinGate(bool LockedOut, TimeSpan Delay, bool ModeratorOnly = false);
