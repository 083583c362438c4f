namespace Bridge.WebRtc.Tests;

/// <summary>docs/architecture.md §1: WebRtc may use Rtp (SRTP) and Sdp, never Sip, Conferencing, Calls or an HTTP host.</summary>
public sealed class AssemblyReferenceTests
{
    [Fact]
    public void WebRtc_references_only_Rtp_and_Sdp_of_the_bridge()
    {
        var references = typeof(Bridge.WebRtc.Ice.IceLiteAgent).Assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(name => name.StartsWith("Bridge.", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();

        Assert.Equal(["Bridge.Rtp", "Bridge.Sdp"], references);
    }
}
