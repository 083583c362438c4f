using System.Net;
using System.Net.Sockets;
using Bridge.Calls.WebRtc;
using Bridge.WebRtc.Dtls;

namespace Bridge.Calls.Legs;

/// <summary>
/// One DTLS-SRTP association of a SIP call (RFC 5764 §4.1): the RTP component, or without rtcp-mux the RTCP component on
/// the RTCP port. There is no ICE on a SIP call, so the peer is pinned instead: as DTLS client the signalled address, as
/// server the source of the first DTLS datagram (and the server answers a cookie first, RFC 6347 §4.2.1); DTLS from any
/// other source is dropped and counted. Its keys go into a <see cref="WebRtcSrtpGate"/>, which drops everything of this
/// component until they are there.
/// </summary>
internal sealed class SipDtlsComponent : IDisposable
{
    private readonly Func<ReadOnlySpan<byte>, SocketAddress, bool> _send;
    private volatile SocketAddress? _peer;
    private long _foreign;
    private int _reportedForeign;

    public SipDtlsComponent(
        string name,
        DtlsCertificate certificate,
        DtlsRole role,
        DtlsFingerprint remoteFingerprint,
        IPEndPoint signalledPeer,
        Func<ReadOnlySpan<byte>, SocketAddress, bool> send,
        DtlsSrtpOptions options,
        Action firstDropBeforeKeys,
        Microsoft.Extensions.Logging.ILogger logger)
    {
        Name = name;
        _send = send;
        if (role == DtlsRole.Client)
        {
            _peer = signalledPeer.Serialize();
        }

        Gate = new WebRtcSrtpGate(firstDropBeforeKeys);
        Endpoint = new DtlsSrtpEndpoint(certificate, role, remoteFingerprint, Send, options, logger);
    }

    /// <summary><c>RTP</c> or <c>RTCP</c>, for logs.</summary>
    public string Name { get; }

    public DtlsSrtpEndpoint Endpoint { get; }

    /// <summary>SRTP (or SRTCP) of this component; drops until the handshake gave keys.</summary>
    public WebRtcSrtpGate Gate { get; }

    /// <summary>DTLS datagrams dropped because they came from another source than the pinned peer.</summary>
    public long ForeignDatagrams => Interlocked.Read(ref _foreign);

    /// <summary>
    /// Receive loop: a DTLS datagram (RFC 7983: first byte 20..63) for the endpoint. False when it was dropped (another
    /// source than the peer; the first such drop returns true in <paramref name="firstForeign"/> so it is logged once).
    /// </summary>
    public bool Deliver(ReadOnlySpan<byte> datagram, SocketAddress from, out bool firstForeign)
    {
        firstForeign = false;
        if (_peer is not { } peer)
        {
            // Server: the first ClientHello's source becomes the peer (the cookie exchange proves it can receive).
            _peer = peer = Copy(from);
        }

        if (!peer.Equals(from))
        {
            Interlocked.Increment(ref _foreign);
            firstForeign = Interlocked.Exchange(ref _reportedForeign, 1) == 0;
            return false;
        }

        return Endpoint.TryDeliver(datagram);
    }

    public void Dispose()
    {
        Endpoint.Dispose();
        Gate.Dispose();
    }

    /// <summary>DTLS endpoint thread: to the pinned peer (a server has one once the ClientHello came).</summary>
    private void Send(ReadOnlySpan<byte> datagram)
    {
        if (_peer is { } peer)
        {
            _send(datagram, peer);
        }
    }

    private static SocketAddress Copy(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }
}
