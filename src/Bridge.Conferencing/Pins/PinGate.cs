namespace Bridge.Conferencing.Pins;

/// <summary>May this source enter a PIN for this room now, and how long to wait before answering it.</summary>
public readonly record struct PinGate(bool LockedOut, TimeSpan Delay);
