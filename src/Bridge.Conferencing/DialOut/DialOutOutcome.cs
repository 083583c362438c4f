namespace Bridge.Conferencing.DialOut;

/// <summary>How a call out ended, as the moderator hears it.</summary>
public enum DialOutOutcome
{
    /// <summary>2xx: the person picked up and now hears the invitation.</summary>
    Answered,

    /// <summary>Busy or declined (486, 600, 603) or the number does not exist (404, 484).</summary>
    Declined,

    /// <summary>Rang until the ring time ran out (CANCEL sent), or 408/480/487.</summary>
    NoAnswer,

    /// <summary>Anything else: no route to the trunk, refused credentials, server errors, no media ports.</summary>
    Failed,
}
