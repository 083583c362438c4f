namespace Bridge.DialPlans;

/// <summary>Raised after a changed dial plan loaded and replaced the old one.</summary>
public sealed class DialPlanReloadedEventArgs(DialPlan plan) : EventArgs
{
    /// <summary>The plan now in force.</summary>
    public DialPlan Plan { get; } = plan;
}
