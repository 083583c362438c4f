namespace Bridge.Web.Signalling;

/// <summary>The kinds of message the page sends on the signalling socket.</summary>
internal enum ClientMessageType
{
    /// <summary>Room, PIN and name: asks for the PIN check.</summary>
    Join,

    /// <summary>The browser's SDP offer (JSEP, candidates gathered); only after an accepted PIN.</summary>
    Offer,

    /// <summary>Self-mute on or off.</summary>
    Mute,

    /// <summary>Leave the room and close.</summary>
    Leave,

    /// <summary>Screen sharing started or stopped.</summary>
    Screen,

    /// <summary>A member action: the sender's hand, or a moderator's control (<see cref="MemberRequest"/>).</summary>
    Member,

    /// <summary>A moderator asks the bridge to call a phone number into the room (dial-out, issue 12).</summary>
    DialOut,
}
