namespace Bridge.Conferencing.Tests;

/// <summary>docs/architecture.md §1: Conferencing knows calls and media only through its own interfaces.</summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void ConferencingReferencesNoProtocolOrMediaProject()
    {
        var references = typeof(ConferenceService).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Bridge.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.All(references, r => Assert.Contains(r, new[] { "Bridge.DialPlans" }));
    }
}
