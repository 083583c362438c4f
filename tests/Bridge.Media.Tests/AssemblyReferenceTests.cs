namespace Bridge.Media.Tests;

public sealed class AssemblyReferenceTests
{
    [Fact]
    public void Media_references_only_core_naudio_and_concentus()
    {
        string[] bridge = [.. typeof(AudioFrame).Assembly.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Bridge.", StringComparison.Ordinal) || n.StartsWith("NAudio", StringComparison.Ordinal) || n.StartsWith("Concentus", StringComparison.Ordinal))];
        Assert.DoesNotContain(bridge, n => n is "Bridge.Sip" or "Bridge.Sdp" or "Bridge.Rtp" or "Bridge.Calls" or "Bridge.Conferencing");
        Assert.Contains("NAudio.Core", bridge);
        Assert.Contains("Concentus", bridge);
    }
}
