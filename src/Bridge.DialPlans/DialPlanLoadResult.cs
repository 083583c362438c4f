namespace Bridge.DialPlans;

/// <summary>Either a valid <see cref="DialPlan"/> or the list of everything wrong with the files (never both).</summary>
public sealed class DialPlanLoadResult
{
    internal DialPlanLoadResult(DialPlan? plan, IReadOnlyList<DialPlanError> errors)
    {
        Plan = plan;
        Errors = errors;
    }

    /// <summary>The loaded plan, or null when <see cref="Errors"/> is not empty.</summary>
    public DialPlan? Plan { get; }

    /// <summary>All errors found, in file then line order.</summary>
    public IReadOnlyList<DialPlanError> Errors { get; }

    /// <summary>True when the plan loaded without errors.</summary>
    public bool Success => Plan is not null;
}
