using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Bridge.Benchmarks.Srtp;
using Bridge.WebRtc.Ice;
using Bridge.WebRtc.Stun;

namespace Bridge.Benchmarks.WebRtc;

/// <summary>
/// ICE-lite check handling, request in → response out, as a browser sends it (USERNAME, PRIORITY,
/// ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY, FINGERPRINT): a valid check, one with a wrong
/// MESSAGE-INTEGRITY (401), and one with a wrong FINGERPRINT (dropped). Run:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*StunCheckBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SrtpBenchmarkConfig))]
public class StunCheckBenchmarks
{
    private readonly byte[] _response = new byte[IceLiteAgent.MinimumResponseBufferLength];
    private IceLiteAgent _agent = null!;
    private SocketAddress _source = null!;
    private byte[] _valid = null!;
    private byte[] _badIntegrity = null!;
    private byte[] _badFingerprint = null!;

    [GlobalSetup]
    public void Setup()
    {
        var credentials = IceCredentials.Generate();
        _agent = new IceLiteAgent(credentials, [new IPEndPoint(IPAddress.Loopback, 40000)]);
        _agent.SetRemoteUfrag("Brws");
        _source = new IPEndPoint(IPAddress.Parse("192.0.2.10"), 50000).Serialize();
        _valid = Request(credentials.Ufrag + ":Brws", credentials.Password);
        _badIntegrity = Request(credentials.Ufrag + ":Brws", "WrongPasswordWrongPassword");
        _badFingerprint = (byte[])_valid.Clone();
        _badFingerprint[^1] ^= 0xFF;
    }

    [GlobalCleanup]
    public void Cleanup() => _agent.Dispose();

    [Benchmark(Baseline = true)]
    public int ValidCheck()
    {
        _agent.HandleStun(_valid, _source, _response, out var length);
        return length;
    }

    [Benchmark]
    public int WrongIntegrity401()
    {
        _agent.HandleStun(_badIntegrity, _source, _response, out var length);
        return length;
    }

    [Benchmark]
    public int WrongFingerprintDropped()
    {
        _agent.HandleStun(_badFingerprint, _source, _response, out var length);
        return length;
    }

    [Benchmark]
    public bool IsValidatedSource() => _agent.IsValidatedSource(_source);

    private static byte[] Request(string username, string password)
    {
        using var integrity = new StunMessageIntegrity(Encoding.UTF8.GetBytes(password));
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, RandomNumberGenerator.GetBytes(12));
        writer.AddUsername(Encoding.UTF8.GetBytes(username));
        writer.AddPriority(0x6E7F1EFF);
        writer.AddIceControlling(0x0102030405060708);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(integrity);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
