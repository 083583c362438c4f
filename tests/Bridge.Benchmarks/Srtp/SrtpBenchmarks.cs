using BenchmarkDotNet.Attributes;
using Bridge.Rtp.Srtp;

namespace Bridge.Benchmarks.Srtp;

/// <summary>
/// SRTP cost per 172-octet RTP packet (12-octet header, 160 octets of G.711): protect alone, protect then
/// unprotect, and rejecting a forged packet. Run:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*SrtpBenchmarks*'</c>
/// (a short job, in process: no second build of the solution, about a minute in all).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SrtpBenchmarkConfig))]
public class SrtpBenchmarks
{
    private const int PacketLength = 172;

    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _buffer = new byte[PacketLength + 32];
    private readonly byte[] _forged = new byte[PacketLength + 32];
    private SrtpSession _sender = null!;
    private SrtpSession _receiver = null!;
    private int _forgedLength;
    private ushort _seq;

    [Params(SrtpSuite.AesCm128HmacSha1Tag80, SrtpSuite.AeadAes128Gcm)]
    public SrtpSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var aToB = SrtpKeyMaterial.Generate(Suite);
        var bToA = SrtpKeyMaterial.Generate(Suite);
        _sender = new SrtpSession(aToB, bToA);
        _receiver = new SrtpSession(bToA, aToB);
        _plain[0] = 0x80;
        _plain[8] = 0xCA;
        _plain[9] = 0xFE;
        for (var i = 12; i < PacketLength; i++)
        {
            _plain[i] = (byte)i;
        }

        _plain.CopyTo(_forged, 0);
        _forgedLength = _sender.ProtectRtp(_forged, PacketLength);
        _forged[_forgedLength - 1] ^= 0x55;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sender.Dispose();
        _receiver.Dispose();
    }

    [Benchmark]
    public int Protect()
    {
        _plain.AsSpan().CopyTo(_buffer);
        _buffer[2] = (byte)(_seq >> 8);
        _buffer[3] = (byte)_seq;
        _seq++;
        return _sender.ProtectRtp(_buffer, PacketLength);
    }

    [Benchmark]
    public int ProtectThenUnprotect()
    {
        var length = Protect();
        _receiver.TryUnprotectRtp(_buffer, ref length);
        return length;
    }

    [Benchmark]
    public bool RejectForged()
    {
        _forged.AsSpan().CopyTo(_buffer);
        var length = _forgedLength;
        return _receiver.TryUnprotectRtp(_buffer, ref length);
    }
}
