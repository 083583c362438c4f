using Bridge.Interop.Tests.Infrastructure;
using Bridge.TestKit.Skipping;

namespace Bridge.Interop.Tests;

/// <summary>Issue 11, NAT (RFC 3581, 1:1 NAT): the bridge runs in a network namespace of its own, bound to 10.99.0.1,
/// and advertises 203.0.113.10 (an address that exists nowhere); sipp calls from a second namespace at 10.99.0.2 over a
/// veth pair. The 200's Contact and the SDP's c= must carry the advertised address (never the socket's), and the
/// bridge's BYE at session expiry must reach the caller where its requests came from, although its Contact names
/// 10.99.0.3:5999, where nothing listens.</summary>
public sealed class NatNamespaceInteropTests
{
    private const string Public = "203.0.113.10";

    [SkippableFact]
    public async Task In_a_namespace_the_bridge_advertises_its_public_address_and_reaches_the_caller_by_rport()
    {
        var unavailable = NetworkNamespaces.Unavailable();
        Skip.If(unavailable is not null, unavailable ?? "");
        await using var spaces = await NetworkNamespaces.CreateAsync();
        await using var bridge = await NamespacedBridge.StartAsync(spaces.Bridge, 5060, 40000, 40099,
        [
            $"--Bridge:Sip:SessionTimer:MinSeconds={SessionTimerBridgeFixture.MinimumSeconds}",
            $"--Bridge:Sip:AdvertisedAddress={Public}",
            $"--Bridge:Media:PublicAddress={Public}",
        ]);
        var values = new Dictionary<string, string>
        {
            ["[se]"] = "6",
            ["[public]"] = Public,
            ["[private_contact]"] = "10.99.0.3:5999",
        };

        var run = await NamespacedSipp.RunAsync(spaces.Peer, "uac_nat_session.xml", NetworkNamespaces.BridgeAddress + ":5060", "4711", TimeSpan.FromSeconds(40), values);

        Assert.True(run.ExitCode == 0, "NAT scenario failed (public address missing, or the BYE went to the Contact):\n" + run.Output + "\n--- bridge log ---\n" + bridge.ReadLog());
        Assert.Equal(1, run.Successful);
    }
}
