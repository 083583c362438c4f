using System.Net;
using System.Runtime.CompilerServices;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Security;

namespace Bridge.Calls.Trunks;

/// <summary>The request guard's view of the dial plan's trunks (issue 12). The <see cref="SipTrunk"/> of each trunk is
/// made once per loaded plan, so the per-datagram lookup allocates nothing.</summary>
internal sealed class DialPlanTrunkDirectory(Func<TrunkTable> trunks) : ISipTrunkDirectory
{
    private readonly ConditionalWeakTable<TrunkConfig, SipTrunk> _views = [];

    public SipTrunk? Find(IPAddress source, string? certificateSubject)
    {
        var table = trunks();
        if (table.Count == 0)
        {
            return null;
        }

        return table.Find(source, certificateSubject) is { } trunk ? _views.GetValue(trunk, ToSip) : null;
    }

    private static SipTrunk ToSip(TrunkConfig trunk) =>
        new() { Name = trunk.Name, CallsPerSecond = trunk.CallsPerSecond, TrustIdentity = trunk.TrustIdentity };
}
