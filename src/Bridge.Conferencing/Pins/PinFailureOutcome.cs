namespace Bridge.Conferencing.Pins;

/// <summary>State after a wrong PIN: the source's count in its window, and whether it is now locked out.</summary>
public readonly record struct PinFailureOutcome(int SourceFailures, bool LockedOut, bool RoomSlowMode);
