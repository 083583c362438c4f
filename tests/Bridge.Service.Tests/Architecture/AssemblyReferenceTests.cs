using System.Reflection;

namespace Bridge.Service.Tests.Architecture;

/// <summary>
/// docs/architecture.md §1: dependencies point down. Sip, Sdp, Rtp and Media do not reference each other
/// (Rtp may use Sdp); Conferencing and DialPlans never see SIP; only the service references everything.
/// </summary>
public sealed class AssemblyReferenceTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Bridge.Sip"] = [],
        ["Bridge.Sdp"] = [],
        ["Bridge.Rtp"] = ["Bridge.Sdp"],
        ["Bridge.Media"] = [],
        ["Bridge.DialPlans"] = [],
        ["Bridge.Conferencing"] = ["Bridge.DialPlans"],
        ["Bridge.Calls"] = ["Bridge.Sip", "Bridge.Sdp", "Bridge.Rtp", "Bridge.Media", "Bridge.Conferencing", "Bridge.DialPlans", "Bridge.WebRtc"],
    };

    public static TheoryData<string> Assemblies() => new(Allowed.Keys);

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Each_assembly_references_only_the_layers_below_it(string name)
    {
        var assembly = Assembly.Load(name);
        var bridgeReferences = assembly.GetReferencedAssemblies()
            .Select(reference => reference.Name!)
            .Where(reference => reference.StartsWith("Bridge.", StringComparison.Ordinal))
            .ToArray();

        var forbidden = bridgeReferences.Except(Allowed[name]).ToArray();
        Assert.True(forbidden.Length == 0, $"{name} references {string.Join(", ", forbidden)}");
    }
}
