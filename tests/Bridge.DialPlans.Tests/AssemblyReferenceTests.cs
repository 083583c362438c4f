namespace Bridge.DialPlans.Tests;

/// <summary>ARCHITECTURE.md §1: DialPlans is pure; it references no other Bridge project but Core.</summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void DialPlansReferencesOnlyCore()
    {
        var references = typeof(DialPlan).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Bridge.", StringComparison.Ordinal));

        Assert.All(references, r => Assert.Equal("Bridge.Core", r));
    }
}
