namespace Bridge.DialPlans.Tests;

/// <summary>docs/architecture.md §1: DialPlans is pure; it references no other Bridge project.</summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void DialPlansReferencesNoOtherBridgeProject()
    {
        var references = typeof(DialPlan).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Bridge.", StringComparison.Ordinal));

        Assert.Empty(references);
    }
}
