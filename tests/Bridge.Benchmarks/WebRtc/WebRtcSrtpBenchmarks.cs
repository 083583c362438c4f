using BenchmarkDotNet.Attributes;
using Bridge.Benchmarks.Srtp;
using Bridge.Calls.WebRtc;
using Bridge.Rtp.Srtp;

namespace Bridge.Benchmarks.WebRtc;

/// <summary>
/// SRTP per packet on a browser leg's path (<see cref="WebRtcSrtpGate"/> over the session of DTLS-exported keys): a
/// 20 ms Opus packet as browsers send it (12-octet header, RFC 6464 audio level in a one-byte extension, 80 octets of
/// Opus), protect then unprotect, and the drop of a packet that arrives before DTLS gave keys. Run:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*WebRtcSrtpBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(SrtpBenchmarkConfig))]
public class WebRtcSrtpBenchmarks
{
    private const int PacketLength = 12 + 8 + 80;

    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _buffer = new byte[PacketLength + 32];
    private WebRtcSrtpGate _browser = null!;
    private WebRtcSrtpGate _bridge = null!;
    private WebRtcSrtpGate _noKeys = null!;
    private ushort _seq;

    [Params(SrtpSuite.AesCm128HmacSha1Tag80, SrtpSuite.AeadAes128Gcm)]
    public SrtpSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var toBridge = SrtpKeyMaterial.Generate(Suite);
        var toBrowser = SrtpKeyMaterial.Generate(Suite);
        _browser = new WebRtcSrtpGate(static () => { });
        _browser.Install(new SrtpSession(toBridge, toBrowser));
        _bridge = new WebRtcSrtpGate(static () => { });
        _bridge.Install(new SrtpSession(toBrowser, toBridge));
        _noKeys = new WebRtcSrtpGate(static () => { });
        _plain[0] = 0x90; // V=2, X=1
        _plain[1] = 111;
        _plain[8] = 0xCA;
        _plain[9] = 0xFE;
        _plain[12] = 0xBE; // RFC 8285 one-byte header extension, one 4-octet word: id 1, len 0, the level
        _plain[13] = 0xDE;
        _plain[15] = 1;
        _plain[16] = 0x10;
        _plain[17] = 0x7F;
        for (var i = 20; i < PacketLength; i++)
        {
            _plain[i] = (byte)i;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _browser.Dispose();
        _bridge.Dispose();
        _noKeys.Dispose();
    }

    /// <summary>What a browser's packet costs the bridge's receive loop plus what the bridge's own packet costs the mixer: one protect and one unprotect.</summary>
    [Benchmark]
    public int ProtectThenUnprotect()
    {
        _plain.AsSpan().CopyTo(_buffer);
        _buffer[2] = (byte)(_seq >> 8);
        _buffer[3] = (byte)_seq;
        _seq++;
        var length = _browser.ProtectRtp(_buffer, PacketLength);
        _bridge.TryUnprotectRtp(_buffer, ref length);
        return length;
    }

    /// <summary>SRTP before the DTLS handshake finished: counted and dropped.</summary>
    [Benchmark]
    public bool DropBeforeKeys()
    {
        var length = PacketLength;
        return _noKeys.TryUnprotectRtp(_buffer, ref length);
    }
}
