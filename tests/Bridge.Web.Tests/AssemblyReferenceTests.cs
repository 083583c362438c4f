namespace Bridge.Web.Tests;

/// <summary>docs/architecture.md §1: Web knows the bridge only through Conferencing's contracts (and DialPlans below it).</summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void Web_references_only_Conferencing_and_DialPlans_of_the_bridge()
    {
        var references = typeof(WebAssemblyMarker).Assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name.StartsWith("Bridge.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Subset(new HashSet<string>(["Bridge.Conferencing", "Bridge.DialPlans"], StringComparer.Ordinal), references.ToHashSet(StringComparer.Ordinal));
    }
}
