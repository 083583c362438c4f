namespace Bridge.DialPlans;

/// <summary>Hands out the dial plan in force now; a reload swaps it atomically.</summary>
public interface IDialPlanProvider
{
    /// <summary>The current plan. Callers take it once per call and keep that snapshot.</summary>
    DialPlan Current { get; }
}
