namespace Bridge.DialPlans;

/// <summary>A provider for a plan that never changes (tests, <c>--no-watch</c>).</summary>
public sealed class StaticDialPlanProvider(DialPlan plan) : IDialPlanProvider
{
    /// <inheritdoc/>
    public DialPlan Current { get; } = plan ?? throw new ArgumentNullException(nameof(plan));
}
