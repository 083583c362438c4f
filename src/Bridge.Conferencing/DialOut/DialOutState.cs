namespace Bridge.Conferencing.DialOut;

/// <summary>Where one call out stands, as the browser moderator and the admin API see it (issue 12/13).</summary>
public enum DialOutState
{
    /// <summary>The INVITE went out; the phone rings.</summary>
    Calling,

    /// <summary>Picked up (2xx); the person hears the invitation.</summary>
    Answered,

    /// <summary>The person pressed 1 and is in the room.</summary>
    Joined,

    /// <summary>Busy, declined or unknown number; or the person answered and did not press 1.</summary>
    Declined,

    /// <summary>Rang out (CANCEL sent), or 408/480/487.</summary>
    NoAnswer,

    /// <summary>Anything else (no route, credentials refused, trunk limit reached, no media ports).</summary>
    Failed,
}
