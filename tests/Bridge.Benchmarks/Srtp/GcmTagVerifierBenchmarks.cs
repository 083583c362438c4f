using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bridge.Rtp.Srtp;

namespace Bridge.Benchmarks.Srtp;

/// <summary>
/// The AES-GCM tag check of one received 1,100-octet video payload (GHASH over it and a 12-octet header, then E_K(J0)),
/// with the 4-bit table and with the CPU's carry-less multiply. The Min column is the figure to read on a busy machine.
/// Run: <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*GcmTagVerifierBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(SrtpBenchmarkConfig))]
public class GcmTagVerifierBenchmarks
{
    private readonly byte[] _cipher = new byte[1100];
    private readonly byte[] _aad = new byte[12];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _tag = new byte[16];
    private GcmTagVerifier _verifier = null!;

    [Params(false, true)]
    public bool Carryless { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        RandomNumberGenerator.Fill(_nonce);
        RandomNumberGenerator.Fill(_aad);
        var plain = RandomNumberGenerator.GetBytes(_cipher.Length);
        using (var gcm = new AesGcm(key, 16))
        {
            gcm.Encrypt(_nonce, plain, _cipher, _tag, _aad);
        }

        _verifier = new GcmTagVerifier(key, Carryless);
    }

    [GlobalCleanup]
    public void Cleanup() => _verifier.Dispose();

    [Benchmark]
    public bool Verify() => _verifier.Verify(_nonce, _cipher, _tag, _aad);
}
