namespace Bridge.Conferencing.DialOut;

/// <summary>
/// Places the calls a moderator asks for (issue 12 dial-out). Implemented by Bridge.Calls, which sends the INVITE
/// through the trunk (RFC 3261 §13.2, digest on 401/407, CANCEL after the ring time) and, once answered, hands the new
/// leg to the conference logic as an invited call (<see cref="Bridge.DialPlans.RouteDecisionKind.Invited"/>).
/// </summary>
public interface IDialOutDialer
{
    /// <summary>Starts the call and returns at once; <see cref="DialOutRequest.Completed"/> is called exactly once, on
    /// any thread, when the call was answered or given up.</summary>
    void Dial(DialOutRequest request);
}
