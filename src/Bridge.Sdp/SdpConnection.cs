using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace Bridge.Sdp;

/// <summary>
/// A <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> line (RFC 4566 §5.7). The address is kept as
/// written (it may be a host name or carry a multicast <c>/ttl</c> suffix).
/// </summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>Builds <c>IN IP4 a.b.c.d</c> or <c>IN IP6 ::1</c>.</summary>
    public static SdpConnection Create(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new SdpConnection("IN", AddressTypeOf(address), address.ToString());
    }

    /// <summary><c>IP6</c> for IPv6 addresses, else <c>IP4</c>.</summary>
    public static string AddressTypeOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily == AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
    }

    /// <summary>
    /// The address as an IP literal of the family named by <see cref="AddressType"/>; false for host names
    /// (this library does not resolve DNS) or a literal of the wrong family.
    /// </summary>
    public bool TryGetIPAddress([NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (!string.Equals(NetworkType, "IN", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        ReadOnlySpan<char> text = Address;
        int slash = text.IndexOf('/');
        if (slash >= 0)
        {
            text = text[..slash];
        }

        if (!IPAddress.TryParse(text, out IPAddress? parsed))
        {
            return false;
        }

        bool v6 = string.Equals(AddressType, "IP6", StringComparison.OrdinalIgnoreCase);
        bool v4 = string.Equals(AddressType, "IP4", StringComparison.OrdinalIgnoreCase);
        if ((v6 && parsed.AddressFamily != AddressFamily.InterNetworkV6) || (v4 && parsed.AddressFamily != AddressFamily.InterNetwork) || (!v4 && !v6))
        {
            return false;
        }

        address = parsed;
        return true;
    }

    /// <summary>True for the RFC 2543 hold address <c>0.0.0.0</c> (RFC 3264 §8.4) or <c>::</c>.</summary>
    public bool IsHoldAddress => TryGetIPAddress(out IPAddress? a) && (a.Equals(IPAddress.Any) || a.Equals(IPAddress.IPv6Any));

    /// <summary>The line body without the <c>c=</c> prefix.</summary>
    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
