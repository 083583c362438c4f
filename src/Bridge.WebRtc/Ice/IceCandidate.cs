using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bridge.WebRtc.Stun;

namespace Bridge.WebRtc.Ice;

/// <summary>
/// A host candidate over UDP (RFC 8445 §5.1.1.1), the only kind an ICE-lite agent offers (§5.2).
/// One component: with bundle and rtcp-mux, RTP and RTCP share it (RFC 8843, RFC 5761).
/// </summary>
/// <param name="Foundation">Same for candidates of the same type, base address and protocol (RFC 8445 §5.1.1.3).</param>
/// <param name="Component">Component id; 1 for RTP (and muxed RTCP).</param>
/// <param name="Priority">Priority per RFC 8445 §5.1.2.1.</param>
/// <param name="EndPoint">The media address and port.</param>
public sealed record IceCandidate(string Foundation, int Component, uint Priority, IPEndPoint EndPoint)
{
    /// <summary>Type preference of host candidates, the recommended 126 (RFC 8445 §5.1.2.2).</summary>
    public const int HostTypePreference = 126;

    /// <summary>Local preference of the only (or most preferred) address (RFC 8445 §5.1.2.1).</summary>
    public const int MaxLocalPreference = 65535;

    /// <summary>
    /// A host candidate for <paramref name="endPoint"/>. <paramref name="localPreference"/> ranks several
    /// addresses (65535 for a single one, RFC 8445 §5.1.2.1).
    /// </summary>
    public static IceCandidate Host(IPEndPoint endPoint, int localPreference = MaxLocalPreference, int component = 1)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        if (endPoint.Address.Equals(IPAddress.Any) || endPoint.Address.Equals(IPAddress.IPv6Any) || endPoint.Port == 0)
        {
            throw new ArgumentException("A host candidate needs a concrete address and port, not a wildcard.", nameof(endPoint));
        }

        if (endPoint.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6))
        {
            throw new ArgumentException("A host candidate is IPv4 or IPv6.", nameof(endPoint));
        }

        var foundation = StunCrc32.Compute(Encoding.ASCII.GetBytes("host udp " + endPoint.Address))
            .ToString("x8", CultureInfo.InvariantCulture);
        return new IceCandidate(foundation, component, ComputePriority(HostTypePreference, localPreference, component), endPoint);
    }

    /// <summary>priority = 2^24 × type preference + 2^8 × local preference + (256 − component id) (RFC 8445 §5.1.2.1).</summary>
    public static uint ComputePriority(int typePreference, int localPreference, int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(typePreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(typePreference, 126);
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, MaxLocalPreference);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return ((uint)typePreference << 24) + ((uint)localPreference << 8) + (uint)(256 - component);
    }

    /// <summary>The value of the <c>a=candidate</c> attribute (RFC 8839 §5.1), e.g. <c>1 1 udp 2130706431 192.0.2.1 5000 typ host</c>.</summary>
    public string ToSdpValue() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Foundation} {Component} udp {Priority} {EndPoint.Address} {EndPoint.Port} typ host");
}
