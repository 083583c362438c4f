namespace Bridge.Conferencing.Members;

/// <summary>What a participant asks for from inside a room (the web page): its own hand, or a moderator's control.</summary>
public enum MemberAction
{
    /// <summary>Raise the asker's own hand.</summary>
    RaiseHand,

    /// <summary>Lower the asker's own hand.</summary>
    LowerHand,

    /// <summary>Moderator: mute a participant; a phone hears "you are muted".</summary>
    Mute,

    /// <summary>Moderator: unmute a participant; a phone hears "you are unmuted".</summary>
    Unmute,

    /// <summary>Moderator: remove a participant; a phone hears a short prompt, then BYE.</summary>
    Remove,

    /// <summary>Moderator: give a phone caller a display name (the roster only; logs and records keep the masked number).</summary>
    Rename,

    /// <summary>Moderator: let a participant waiting in the lobby into the room.</summary>
    Admit,

    /// <summary>Moderator: turn away a participant waiting in the lobby (a phone hears a prompt and gets BYE).</summary>
    Deny,

    /// <summary>Moderator: lock the room (only moderators may join).</summary>
    Lock,

    /// <summary>Moderator: unlock the room.</summary>
    Unlock,

    /// <summary>Moderator: end the meeting for everyone.</summary>
    End,
}
