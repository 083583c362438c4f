using Bridge.WebRtc.Dtls;

namespace Bridge.WebRtc.Tests.Dtls;

/// <summary>
/// A DTLS server endpoint and a client endpoint wired back to back in memory: what one sends is delivered to
/// the other, optionally through a filter that can drop, duplicate or inject datagrams.
/// </summary>
internal sealed class DtlsLoopbackPair : IDisposable
{
    public DtlsLoopbackPair(
        DtlsCertificate serverCertificate,
        DtlsCertificate clientCertificate,
        DtlsFingerprint? serverExpects = null,
        DtlsFingerprint? clientExpects = null,
        DtlsSrtpOptions? serverOptions = null,
        DtlsSrtpOptions? clientOptions = null,
        Func<bool, byte[], bool>? toServerFilter = null,
        ListLogger? serverLogger = null,
        Func<byte[], bool>? toClientFilter = null)
    {
        DtlsSrtpEndpoint? server = null;
        DtlsSrtpEndpoint? client = null;
        server = new DtlsSrtpEndpoint(
            serverCertificate,
            DtlsRole.Server,
            serverExpects ?? clientCertificate.Fingerprint,
            datagram =>
            {
                if (toClientFilter is null || toClientFilter(datagram.ToArray()))
                {
                    client!.TryDeliver(datagram);
                }
            },
            serverOptions,
            serverLogger);
        client = new DtlsSrtpEndpoint(
            clientCertificate,
            DtlsRole.Client,
            clientExpects ?? serverCertificate.Fingerprint,
            datagram =>
            {
                var copy = datagram.ToArray();
                if (toServerFilter is null || toServerFilter(true, copy))
                {
                    server.TryDeliver(copy);
                }
            },
            clientOptions);
        Server = server;
        Client = client;
    }

    public DtlsSrtpEndpoint Server { get; }

    public DtlsSrtpEndpoint Client { get; }

    public void Start()
    {
        Server.Start();
        Client.Start();
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
