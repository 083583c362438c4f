using System.Net;
using System.Net.Sockets;

namespace Bridge.Sdp;

/// <summary>
/// The <c>o=</c> line (RFC 4566 §5.2): <c>&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// Session id and version are kept as text because peers write values outside 64 bits.
/// </summary>
public sealed record SdpOrigin(string Username, string SessionId, string SessionVersion, string NetworkType, string AddressType, string Address)
{
    /// <summary>Builds an origin for a local address (<c>IN IP4</c> or <c>IN IP6</c>).</summary>
    public static SdpOrigin Create(string username, ulong sessionId, ulong sessionVersion, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new SdpOrigin(
            username,
            sessionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            sessionVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "IN",
            SdpConnection.AddressTypeOf(address),
            address.ToString());
    }

    /// <summary>The line body without the <c>o=</c> prefix.</summary>
    public override string ToString() => $"{Username} {SessionId} {SessionVersion} {NetworkType} {AddressType} {Address}";
}
