using Bridge.DialPlans.Trunks;

namespace Bridge.DialPlans;

/// <summary>The trunks of the plan (issue 12): swapped with the rest of the plan on a reload.</summary>
public sealed partial class DialPlan
{
    /// <summary>The declared trunks; empty when no file has a <c>trunks:</c> section.</summary>
    public TrunkTable Trunks { get; internal init; } = TrunkTable.Empty;
}
