namespace Bridge.DialPlans;

/// <summary>
/// The outcome of <see cref="DialPlan.Match"/>. <see cref="Status"/> is a SIP final status code
/// (RFC 3261 §21) and only meaningful for <see cref="RouteDecisionKind.Reject"/>.
/// </summary>
public sealed record RouteDecision(RouteDecisionKind Kind, string? RoomNumber, int Status, MediaPolicy Media)
{
    /// <summary>No route matched, or a route named a room that does not exist: 404 Not Found.</summary>
    public static RouteDecision NotFound { get; } = new(RouteDecisionKind.Reject, null, 404, MediaPolicy.PreferSecure);

    /// <summary>Ask for the conference number first.</summary>
    public static RouteDecision AskRoom(MediaPolicy media) => new(RouteDecisionKind.AskRoom, null, 0, media);

    /// <summary>Go straight to the PIN prompt of <paramref name="roomNumber"/>.</summary>
    public static RouteDecision Room(string roomNumber, MediaPolicy media) => new(RouteDecisionKind.Room, roomNumber, 0, media);

    /// <summary>Refuse the call with a SIP status.</summary>
    public static RouteDecision Reject(int status) => new(RouteDecisionKind.Reject, null, status, MediaPolicy.PreferSecure);

    /// <summary>A call placed by the bridge to invite someone into <paramref name="roomNumber"/> (dial-out).</summary>
    public static RouteDecision Invited(string roomNumber, MediaPolicy media) => new(RouteDecisionKind.Invited, roomNumber, 0, media);

    /// <summary>Echo test.</summary>
    public static RouteDecision Echo(MediaPolicy media) => new(RouteDecisionKind.Echo, null, 0, media);
}
