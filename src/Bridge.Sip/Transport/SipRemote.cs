using System.Net;

namespace Bridge.Sip.Transport;

/// <summary>Where a message came from (or goes to): transport name ("UDP", "TCP", "TLS") and the peer's address.
/// For reliable transports the connection it travelled on is remembered so responses reuse it (RFC 3261 §18.2.2).</summary>
public sealed record SipRemote(string Transport, IPEndPoint EndPoint)
{
    /// <summary>Stream connection the message arrived on; 0 for UDP or when unknown.</summary>
    internal long ConnectionId { get; init; }

    /// <summary>Where to open a new connection when <see cref="ConnectionId"/> has closed (RFC 3261 §18.2.2: the
    /// received address and the sent-by port); null means <see cref="EndPoint"/>.</summary>
    internal IPEndPoint? ReconnectEndPoint { get; init; }

    /// <summary>Our own address the message arrived at (for Contact/Via when bound to a wildcard address).</summary>
    internal IPAddress? LocalAddress { get; init; }

    /// <summary>Subject of the TLS client certificate the peer presented on this connection (issue 12: trunks are
    /// recognised by it); null over UDP and TCP, or when the peer presented none.</summary>
    public string? ClientCertificateSubject { get; init; }

    /// <summary>Whether the transport is connection-oriented.</summary>
    public bool IsReliable => !string.Equals(Transport, SipTransportNames.Udp, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => Transport + ":" + EndPoint.ToString();
}
