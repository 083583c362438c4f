namespace Bridge.Sdp.Tests;

public sealed class AssemblyReferenceTests
{
    /// <summary>docs/architecture.md §1: Sdp depends on no other Bridge project (never on Sip, Rtp or Media).</summary>
    [Fact]
    public void Sdp_references_no_other_Bridge_assembly()
    {
        string[] bridgeReferences = typeof(SessionDescription).Assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name ?? string.Empty)
            .Where(name => name.StartsWith("Bridge.", StringComparison.Ordinal))
            .ToArray();

        Assert.Empty(bridgeReferences);
    }
}
