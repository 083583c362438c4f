namespace Bridge.Conferencing.Rooms;

/// <summary>Why a caller with a valid PIN was or was not let in.</summary>
internal enum AdmitResult
{
    Admitted,
    Full,
    Locked,
    Unavailable,

    /// <summary>The room has a schedule and no meeting is on (or about to start) now.</summary>
    NotOpen,
}
