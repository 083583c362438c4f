namespace Bridge.DialPlans;

/// <summary>The single action a route carries (exactly one of ask / room / reject / echo).</summary>
internal enum RouteAction
{
    AskRoom,
    Room,
    Reject,
    Echo,
}
