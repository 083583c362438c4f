using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Bridge.Benchmarks.Srtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp.WebRtc;

namespace Bridge.Benchmarks.WebRtc;

/// <summary>
/// <see cref="VideoForwardBenchmarks.UnprotectOnceThenForwardToOne"/> split into its parts, for the same 1,100-octet
/// video packet (12-octet header, 8-octet one-byte extension, payload): <see cref="CopyIn"/> (the ring slot into the
/// receive buffer), <see cref="Unprotect"/> (that copy and the SRTP unprotect: replay check, tag check, decrypt) and
/// <see cref="Protect"/> (a plain packet copied into the send buffer and protected for one receiver). The rewrite and the
/// cache are <see cref="VideoForwardBenchmarks.Forwarded"/> less <see cref="Protect"/>. The cipher's own pieces: the tag
/// check alone (<see cref="TagCheck"/>: GHASH and E_K(J0) for GCM, by <see cref="AesNiGcm"/> where the CPU has AES-NI and
/// PCLMULQDQ, else by <see cref="GcmTagVerifier"/>; HMAC-SHA1 for AES-CM) and the AES-CTR keystream alone
/// (<see cref="Keystream"/>). Run:
/// <c>dotnet tests/Bridge.Benchmarks/bin/Release/net10.0/Bridge.Benchmarks.dll --filter '*VideoForwardPartsBenchmarks*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(SrtpBenchmarkConfig))]
public class VideoForwardPartsBenchmarks
{
    private const int PayloadLength = 1100;
    private const int HeaderLength = 12 + 8;
    private const int PacketLength = HeaderLength + PayloadLength;
    private const int Stride = PacketLength + 64;
    private const int RingLength = 4096;
    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _buffer = new byte[Stride];
    private readonly byte[] _iv = new byte[16];
    private readonly byte[] _tag = new byte[16];
    private byte[] _ring = null!;
    private int[] _ringLengths = null!;
    private int _ringNext;
    private ushort _sendSequence;
    private SrtpSession _bridge = null!;
    private SrtpStream _stream = null!;
    private AesCounterMode _keystream = null!;
    private GcmTagVerifier? _gcmTags;
    private AesNiGcm? _gcm;
    private HmacSha1Authenticator? _hmac;

    /// <summary>Browsers' DTLS-SRTP picks AEAD_AES_128_GCM with this bridge; AES-CM/HMAC-SHA1-80 for comparison.</summary>
    [Params(SrtpSuite.AeadAes128Gcm, SrtpSuite.AesCm128HmacSha1Tag80)]
    public SrtpSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plain[0] = 0x90;
        _plain[1] = 96;
        _plain[10] = 0x04;
        _plain[11] = 0x57; // SSRC 1111
        _plain[12] = 0xBE;
        _plain[13] = 0xDE;
        _plain[15] = 1;
        for (var i = HeaderLength; i < PacketLength; i++)
        {
            _plain[i] = (byte)i;
        }

        var fromBrowser = SrtpKeyMaterial.Generate(Suite);
        using var browser = new SrtpSession(fromBrowser, SrtpKeyMaterial.Generate(Suite));
        _bridge = new SrtpSession(SrtpKeyMaterial.Generate(Suite), fromBrowser);
        _ring = new byte[RingLength * Stride];
        _ringLengths = new int[RingLength];
        for (var i = 0; i < RingLength; i++)
        {
            var slot = _ring.AsSpan(i * Stride, Stride);
            _plain.AsSpan().CopyTo(slot);
            slot[2] = (byte)(i >> 8);
            slot[3] = (byte)i;
            _ringLengths[i] = browser.ProtectRtp(slot, PacketLength);
        }

        var first = _ringLengths[0];
        _ring.AsSpan(0, Stride).CopyTo(_buffer);
        _bridge.TryUnprotectRtp(_buffer, ref first);
        var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        var receiver = typeof(SrtpSession).GetField("_receiver", flags)!.GetValue(_bridge)!;
        var streams = (SrtpStreamTable)receiver.GetType().GetField("_rtpStreams", flags)!.GetValue(receiver)!;
        _stream = streams.Find(0x457)!;

        var key = RandomNumberGenerator.GetBytes(16);
        _keystream = new AesCounterMode(key);
        if (Suite == SrtpSuite.AeadAes128Gcm && AesNiGcm.IsSupported)
        {
            _gcm = new AesNiGcm(key);
        }
        else if (Suite == SrtpSuite.AeadAes128Gcm)
        {
            _gcmTags = new GcmTagVerifier(key);
        }
        else
        {
            _hmac = new HmacSha1Authenticator(RandomNumberGenerator.GetBytes(20), 10);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _bridge.Dispose();
        _keystream.Dispose();
        _gcmTags?.Dispose();
        _gcm?.Dispose();
        _hmac?.Dispose();
    }

    /// <summary>The received packet copied from the ring into the receive buffer (part of every ring row).</summary>
    [Benchmark]
    public int CopyIn()
    {
        var index = NextRingIndex();
        var length = _ringLengths[index];
        _ring.AsSpan(index * Stride, length).CopyTo(_buffer);
        return length;
    }

    /// <summary>CopyIn and the SRTP unprotect of the browser's packet.</summary>
    [Benchmark]
    public int Unprotect()
    {
        var index = NextRingIndex();
        var length = _ringLengths[index];
        _ring.AsSpan(index * Stride, length).CopyTo(_buffer);
        if (!_bridge.TryUnprotectRtp(_buffer, ref length))
        {
            throw new InvalidOperationException("refused " + index);
        }

        return length;
    }

    /// <summary>A plain packet copied into the send buffer and protected (the per-receiver cost without the rewrite).</summary>
    [Benchmark]
    public int Protect()
    {
        _plain.AsSpan().CopyTo(_buffer);
        _buffer[2] = (byte)(_sendSequence >> 8);
        _buffer[3] = (byte)_sendSequence;
        _sendSequence++;
        return _bridge.ProtectRtp(_buffer, PacketLength);
    }

    /// <summary>The tag check alone over the packet: GHASH and E_K(J0) (GCM; the tag is wrong, so nothing is decrypted) or HMAC-SHA1 (AES-CM).</summary>
    [Benchmark]
    public bool TagCheck() => _gcm is { } fast
        ? fast.TryDecrypt(_iv.AsSpan(0, 12), _buffer.AsSpan(HeaderLength, PayloadLength), _tag, _buffer.AsSpan(0, HeaderLength))
        : _gcmTags is { } gcm
        ? gcm.Verify(_iv.AsSpan(0, 12), _buffer.AsSpan(HeaderLength, PayloadLength), _tag, _buffer.AsSpan(0, HeaderLength))
        : _hmac!.Verify(_buffer.AsSpan(0, PacketLength), 0, appendRoc: true, _tag.AsSpan(0, 10));

    /// <summary>The AES-CTR keystream XORed over the payload alone.</summary>
    [Benchmark]
    public int Keystream()
    {
        _keystream.Apply(_iv, _buffer.AsSpan(HeaderLength, PayloadLength), firstBlock: 2);
        return _buffer[HeaderLength];
    }

    private int NextRingIndex()
    {
        var index = _ringNext;
        _ringNext = (index + 1) & (RingLength - 1);
        if (index == 0)
        {
            _stream.Rtp.Reset();
        }

        return index;
    }
}
