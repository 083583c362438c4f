namespace Bridge.Conferencing.Browser;

/// <summary>The answer to a PIN typed in a browser.</summary>
public enum BrowserPinOutcome
{
    /// <summary>The PIN opens the room; the check carries a ticket.</summary>
    Accepted,

    /// <summary>Wrong PIN or no such room (deliberately the same answer).</summary>
    Refused,

    /// <summary>The address is locked out by the PIN policy (phone and browser attempts together).</summary>
    LockedOut,
}
