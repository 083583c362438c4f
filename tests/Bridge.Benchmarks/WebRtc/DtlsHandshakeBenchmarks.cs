using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Bridge.WebRtc.Dtls;

namespace Bridge.Benchmarks.WebRtc;

/// <summary>
/// One whole DTLS-SRTP handshake (RFC 5764), server and client endpoints in process, wired back to back in
/// memory: both sides' CPU (ECDHE, ECDSA sign and verify on both sides, the exporter), their two threads and
/// the queue hand-offs. The handshake is ping-pong, so the wall time is close to the CPU time of both sides.
/// Also the cost of making the process's ECDSA P-256 certificate.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class DtlsHandshakeBenchmarks
{
    private DtlsCertificate _serverCertificate = null!;
    private DtlsCertificate _clientCertificate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _serverCertificate = DtlsCertificate.Generate();
        _clientCertificate = DtlsCertificate.Generate();
    }

    [Benchmark]
    public DtlsSrtpKeys Handshake()
    {
        DtlsSrtpEndpoint? client = null;
        using var server = new DtlsSrtpEndpoint(
            _serverCertificate, DtlsRole.Server, _clientCertificate.Fingerprint, datagram => client!.TryDeliver(datagram));
        client = new DtlsSrtpEndpoint(
            _clientCertificate, DtlsRole.Client, _serverCertificate.Fingerprint, datagram => server.TryDeliver(datagram));
        using (client)
        {
            server.Start();
            client.Start();
            var keys = server.Handshake.GetAwaiter().GetResult();
            client.Handshake.GetAwaiter().GetResult();
            return keys;
        }
    }

    [Benchmark]
    public DtlsCertificate GenerateCertificate() => DtlsCertificate.Generate();
}
