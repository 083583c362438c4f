namespace Bridge.DialPlans;

/// <summary>What the bridge does with a new call, decided from the Request-URI user part.</summary>
public enum RouteDecisionKind
{
    /// <summary>Answer, ask for the conference number, then its PIN.</summary>
    AskRoom,

    /// <summary>Answer and ask for the PIN of a known room.</summary>
    Room,

    /// <summary>Refuse the INVITE with <see cref="RouteDecision.Status"/> (RFC 3261 §21.4).</summary>
    Reject,

    /// <summary>Answer and run the echo test.</summary>
    Echo,

    /// <summary>A call the bridge placed (dial-out, issue 12): the person is invited to <see cref="RouteDecision.RoomNumber"/>
    /// and joins with <c>1</c>, without a PIN.</summary>
    Invited,
}
