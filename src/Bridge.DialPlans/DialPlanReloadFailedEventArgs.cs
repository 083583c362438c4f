namespace Bridge.DialPlans;

/// <summary>Raised when a changed dial plan has errors; the previous plan stays in force.</summary>
public sealed class DialPlanReloadFailedEventArgs(IReadOnlyList<DialPlanError> errors) : EventArgs
{
    /// <summary>What is wrong with the changed files.</summary>
    public IReadOnlyList<DialPlanError> Errors { get; } = errors;
}
