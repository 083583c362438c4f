namespace Bridge.Conferencing.DialOut;

/// <summary>The bridge's decision on a request to call a number out (one decision for phone, page and admin API).</summary>
public enum DialOutStart
{
    /// <summary>The call is being placed.</summary>
    Started,

    /// <summary>The number is not well formed (1 to 32 of <c>0-9 + * #</c>).</summary>
    Malformed,

    /// <summary>No such room (admin API), or the asker is not in it (page).</summary>
    RoomNotFound,

    /// <summary>The asker is not a moderator of the room.</summary>
    NotModerator,

    /// <summary>No trunk's <c>dialOut.allow</c> matches, or dial-out is off: "This number cannot be called."</summary>
    NotAllowed,

    /// <summary>This moderator (or, for the admin API, this room) already has a call out ringing.</summary>
    Busy,
}
