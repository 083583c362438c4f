using System.Net;
using Bridge.Conferencing;
using Bridge.DialPlans.Trunks;
using Bridge.Sip.Messages;
using Bridge.Sip.Transport;

namespace Bridge.Calls.Trunks;

/// <summary>
/// Who a new call is from (issue 12): the declared trunk it came through, if any, and the caller: the RFC 3325
/// P-Asserted-Identity user from a trunk with <c>trustIdentity</c>, otherwise the From user (a P-Asserted-Identity
/// from an undeclared source or an untrusted trunk is ignored).
/// </summary>
internal readonly record struct TrunkCaller(TrunkConfig? Trunk, IPAddress Address, string User)
{
    /// <summary>Recognises the trunk of <paramref name="invite"/> received from <paramref name="remote"/>.</summary>
    public static TrunkCaller Of(TrunkTable trunks, SipRequest invite, SipRemote remote, TrunkAuthenticator? authenticator = null)
    {
        var address = remote.EndPoint.Address;
        var trunk = trunks.Count == 0 ? null : trunks.Find(address, remote.ClientCertificateSubject) ?? authenticator?.AuthenticatedTrunk(invite, remote);
        return new TrunkCaller(trunk, address, SipAssertedIdentity.CallerOf(invite, trunk?.TrustIdentity == true));
    }

    /// <summary>The dialled user part as the routes see it (the trunk's <c>stripPrefix</c> applied).</summary>
    public string Dialled(string requestUser) => Trunk?.NormalizeDialled(requestUser) ?? requestUser;

    /// <summary>The PIN policy's view: behind a trunk, failures count per trunk and caller.</summary>
    public CallerSource ToSource() => new(Address, User) { Trunk = Trunk?.Name };
}
