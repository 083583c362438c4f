using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Bridge.Sip.Messages;
using Bridge.Sip.Transactions;
using Bridge.Sip.Transport;

namespace Bridge.Sip.Stack;

/// <summary>Our own addresses for Via sent-by (RFC 3261 §18.1.1) and Contact (§8.1.1.8): the advertised host when
/// configured, else the bound address, else (wildcard binds) the local address the OS uses toward the peer.</summary>
internal sealed class SipLocalAddresses
{
    private readonly ISipMessageChannel _channel;
    private readonly string? _advertisedHost;
    private readonly ConcurrentDictionary<IPAddress, IPAddress> _routes = new();

    public SipLocalAddresses(ISipMessageChannel channel, string? advertisedHost)
    {
        _channel = channel;
        // An IPv6 literal needs brackets in Via and Contact (RFC 3261 §25.1, RFC 5118).
        _advertisedHost = advertisedHost is not null && IPAddress.TryParse(advertisedHost, out var address) ? Format(address) : advertisedHost;
    }

    /// <summary>Host and port for a Via toward <paramref name="destination"/>.</summary>
    public (string Host, int Port) SentBy(SipRemote destination)
    {
        var listen = _channel.GetListenPoint(destination.Transport);
        var port = listen?.EndPoint.Port ?? SipTransportNames.DefaultPort(destination.Transport);
        return (HostFor(listen, destination), port);
    }

    /// <summary>sip: URI of our Contact for peers on <paramref name="remote"/>'s transport.</summary>
    public string ContactUri(string user, SipRemote remote)
    {
        var (host, port) = SentBy(remote);
        var uri = "sip:" + user + "@" + host + ":" + port.ToString(CultureInfo.InvariantCulture);
        return remote.IsReliable ? uri + ";transport=" + remote.Transport.ToLowerInvariant() : uri;
    }

    private string HostFor(SipListenPoint? listen, SipRemote remote)
    {
        if (_advertisedHost is not null)
        {
            return _advertisedHost;
        }

        var address = listen?.EndPoint.Address;
        if (address is null || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            address = remote.LocalAddress ?? _routes.GetOrAdd(remote.EndPoint.Address, LocalAddressToward);
        }

        return Format(address);
    }

    public static string Format(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

    /// <summary>The source address the OS would pick for <paramref name="remote"/> (no packet is sent).</summary>
    private static IPAddress LocalAddressToward(IPAddress remote)
    {
        try
        {
            using var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(remote, 9);
            return ((IPEndPoint)socket.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            return remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }

    /// <summary>Next hop of a URI (RFC 3263 reduced to A/AAAA: no NAPTR/SRV): transport from the "transport" parameter,
    /// TLS for sips, else <paramref name="defaultTransport"/>; port from the URI or the transport default.</summary>
    public static async ValueTask<SipRemote?> ResolveAsync(SipUri uri, string defaultTransport, CancellationToken ct)
    {
        var transport = SipTransportNames.Normalize(uri.Transport) ?? (uri.IsSecure ? SipTransportNames.Tls : defaultTransport);
        var port = uri.Port ?? SipTransportNames.DefaultPort(transport);
        var host = uri.Host.Trim('[', ']');
        if (!IPAddress.TryParse(host, out var address))
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
                if (addresses.Length == 0)
                {
                    return null;
                }

                address = Array.Find(addresses, static a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses[0];
            }
            catch (SocketException)
            {
                return null;
            }
        }

        return new SipRemote(transport, new IPEndPoint(address, port));
    }
}
