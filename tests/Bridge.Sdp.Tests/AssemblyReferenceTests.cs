namespace Bridge.Sdp.Tests;

public sealed class AssemblyReferenceTests
{
    /// <summary>ARCHITECTURE.md §1: Sdp depends on Core only, never on Sip, Rtp or Media.</summary>
    [Fact]
    public void Sdp_references_no_Bridge_assembly_but_Core()
    {
        string[] bridgeReferences = typeof(SessionDescription).Assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name ?? string.Empty)
            .Where(name => name.StartsWith("Bridge.", StringComparison.Ordinal))
            .ToArray();

        Assert.All(bridgeReferences, name => Assert.Equal("Bridge.Core", name));
    }
}
