namespace Bridge.Conferencing.Ivr;

/// <summary>Where a call is in its life; digits mean different things in each.</summary>
internal enum CallPhase
{
    Starting,
    EnteringRoom,
    EnteringPin,
    CheckingPin,
    InRoom,
    Echo,
    Invited,
    Ending,
    Ended,
}
