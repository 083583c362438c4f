using System.Net;

namespace Bridge.Sip.Transport;

/// <summary>One listening transport (RFC 3261 §18). Sends never throw: false means the transport failed.</summary>
internal interface ISipTransport : IAsyncDisposable
{
    /// <summary>"UDP", "TCP" or "TLS".</summary>
    string Name { get; }

    /// <summary>Bound local end point.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds and starts the receive loop(s).</summary>
    void Start(ISipTransportSink sink);

    /// <summary>Sends bytes to <paramref name="destination"/>, reusing its connection when it has one.</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> data, SipRemote destination, CancellationToken cancellationToken);
}
