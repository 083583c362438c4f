namespace Bridge.Conferencing;

/// <summary>What a caller is in a room; decided by which PIN they entered.</summary>
public enum ConferenceRole
{
    /// <summary>Not (yet) in a room.</summary>
    None,

    /// <summary>Entered the participant PIN.</summary>
    Participant,

    /// <summary>Entered the moderator PIN: may lock the room and mute others; the room may wait for them.</summary>
    Moderator,
}
