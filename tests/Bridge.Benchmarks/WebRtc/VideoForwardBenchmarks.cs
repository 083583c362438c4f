using BenchmarkDotNet.Attributes;
using Bridge.Benchmarks.Srtp;
using Bridge.Calls.WebRtc.Video;
using Bridge.Rtp;
using Bridge.Rtp.Srtp;
using Bridge.Sdp.WebRtc;

namespace Bridge.Benchmarks.WebRtc;

/// <summary>
/// The video forwarding unit per packet (issue 10): a 1,100-octet VP8 packet with a one-byte header extension, as a
/// browser sends it. <see cref="ProtectedByBrowser"/> is only the browser's SRTP protect (the baseline, needed to make a
/// fresh packet each time); <see cref="ProtectedByBrowserThenForwarded"/> adds what the bridge does: unprotect once, keep it
/// in the cache, rewrite and protect for each receiver (the send itself left out). The difference is the bridge's cost.
/// <see cref="Forwarded"/> is the part after the unprotect. <see cref="UnprotectOnceThenForwardToOne"/> is the bridge's
/// whole per-packet cost for one receiver without the browser's protect: a packet the browser protected beforehand (a ring
/// of one sequence cycle, 65,536 packets, made in the setup) is copied into the receive buffer, unprotected, parsed,
/// cached, rewritten and protected for one receiver (its own sender in a room of two, whatever <see cref="Receivers"/>
/// says). When the ring starts again, the bridge's replay window for the stream is reset (the browser's packets of the
/// next cycle would carry ROC 1; the ring's carry ROC 0), once per 65,536 packets, allocation-free. Run:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*VideoForwardBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[Config(typeof(SrtpBenchmarkConfig))]
public class VideoForwardBenchmarks
{
    private const int PayloadLength = 1100;
    private const int PacketLength = 12 + 8 + PayloadLength;
    private readonly byte[] _plain = new byte[PacketLength];
    private readonly byte[] _buffer = new byte[PacketLength + 64];
    private readonly List<IDisposable> _disposables = [];
    private SrtpSession _browser = null!;
    private SrtpSession _bridge = null!;
    private VideoPeer _sender = null!;
    private ushort _seq;
    private const int RingLength = 1 << 16;
    private const int ProtectedStride = PacketLength + 64;
    private byte[] _ring = null!;
    private int[] _ringLengths = null!;
    private SrtpSession _soloBridge = null!;
    private VideoPeer _soloSender = null!;
    private SrtpStream _soloStream = null!;
    private int _ringNext;

    [Params(1, 4)]
    public int Receivers { get; set; }

    /// <summary>Browsers' DTLS-SRTP picks AEAD_AES_128_GCM with this bridge; AES-CM/HMAC-SHA1-80 for comparison.</summary>
    [Params(SrtpSuite.AeadAes128Gcm, SrtpSuite.AesCm128HmacSha1Tag80)]
    public SrtpSuite Suite { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var suite = Suite;
        var fromBrowser = SrtpKeyMaterial.Generate(suite);
        _browser = new SrtpSession(fromBrowser, SrtpKeyMaterial.Generate(suite));
        _bridge = new SrtpSession(SrtpKeyMaterial.Generate(suite), fromBrowser);
        var router = new VideoRouter(TimeProvider.System);
        WebRtcVideoPayload[] vp8 = [new(96, "VP8", null)];
        _sender = Peer("sender", [new WebRtcNegotiatedVideo { MediaIndex = 1, Mid = "1", Role = WebRtcVideoRole.Receive, Payloads = vp8, RemoteSsrc = 1111, Pli = true }]);
        router.Place(_sender, "room");
        for (var i = 0; i < Receivers; i++)
        {
            var receiver = Peer("receiver" + i, [new WebRtcNegotiatedVideo { MediaIndex = 3, Mid = "3", Role = WebRtcVideoRole.Send, Payloads = vp8, LocalSsrc = (uint)(5000 + i) }]);
            router.Place(receiver, "room");
        }

        _plain[0] = 0x90;
        _plain[1] = 96;
        _plain[8] = 0x00;
        _plain[9] = 0x00;
        _plain[10] = 0x04;
        _plain[11] = 0x57; // SSRC 1111
        _plain[12] = 0xBE;
        _plain[13] = 0xDE;
        _plain[15] = 1;
        _plain[16] = 0x32;
        for (var i = 20; i < PacketLength; i++)
        {
            _plain[i] = (byte)i;
        }

        _plain[20] = 0x10; // VP8 descriptor S=1, PID 0, then P=0: each packet starts a keyframe (a slot forwards from one on)
        _plain[21] = 0x00;
        SetupSolo(suite, vp8);
    }

    /// <summary>A second browser key and bridge for <see cref="UnprotectOnceThenForwardToOne"/>: the ring of protected packets, and a room of two.</summary>
    private void SetupSolo(SrtpSuite suite, WebRtcVideoPayload[] vp8)
    {
        var fromBrowser = SrtpKeyMaterial.Generate(suite);
        using var browser = new SrtpSession(fromBrowser, SrtpKeyMaterial.Generate(suite));
        _soloBridge = new SrtpSession(SrtpKeyMaterial.Generate(suite), fromBrowser);
        _ring = new byte[RingLength * ProtectedStride];
        _ringLengths = new int[RingLength];
        for (var i = 0; i < RingLength; i++)
        {
            var slot = _ring.AsSpan(i * ProtectedStride, ProtectedStride);
            _plain.AsSpan().CopyTo(slot);
            slot[2] = (byte)(i >> 8);
            slot[3] = (byte)i;
            _ringLengths[i] = browser.ProtectRtp(slot, PacketLength);
        }

        var router = new VideoRouter(TimeProvider.System);
        _soloSender = Peer("solo-sender", [new WebRtcNegotiatedVideo { MediaIndex = 1, Mid = "1", Role = WebRtcVideoRole.Receive, Payloads = vp8, RemoteSsrc = 1111, Pli = true }]);
        router.Place(_soloSender, "solo");
        router.Place(Peer("solo-receiver", [new WebRtcNegotiatedVideo { MediaIndex = 3, Mid = "3", Role = WebRtcVideoRole.Send, Payloads = vp8, LocalSsrc = 7000 }]), "solo");

        // The bridge's receive stream of SSRC 1111, to reset its replay window when the ring starts again (setup only).
        var first = _ringLengths[0];
        _ring.AsSpan(0, ProtectedStride).CopyTo(_buffer);
        _soloBridge.TryUnprotectRtp(_buffer, ref first);
        var receiver = typeof(SrtpSession).GetField("_receiver", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(_soloBridge)!;
        var streams = (SrtpStreamTable)receiver.GetType().GetField("_rtpStreams", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(receiver)!;
        _soloStream = streams.Find(1111)!;
        _soloStream.Rtp.Reset();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _browser.Dispose();
        _bridge.Dispose();
        _soloBridge.Dispose();
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public int ProtectedByBrowser() => Protect();

    [Benchmark]
    public int ProtectedByBrowserThenForwarded()
    {
        var length = Protect();
        _bridge.TryUnprotectRtp(_buffer, ref length);
        RtpPacket.TryParse(_buffer.AsSpan(0, length), out var packet);
        _sender.OnRtp(packet);
        return length;
    }

    /// <summary>What the bridge does with one received video packet for one receiver: unprotect, parse, cache, rewrite, protect.</summary>
    [Benchmark]
    public int UnprotectOnceThenForwardToOne()
    {
        var index = _ringNext;
        _ringNext = (index + 1) & (RingLength - 1);
        if (index == 0)
        {
            _soloStream.Rtp.Reset();
        }

        var length = _ringLengths[index];
        _ring.AsSpan(index * ProtectedStride, length).CopyTo(_buffer);
        if (!_soloBridge.TryUnprotectRtp(_buffer, ref length) || !RtpPacket.TryParse(_buffer.AsSpan(0, length), out var packet))
        {
            throw new InvalidOperationException("the bridge refused the browser's packet " + index);
        }

        _soloSender.OnRtp(packet);
        return length;
    }

    [Benchmark]
    public int Forwarded()
    {
        _plain[2] = (byte)(_seq >> 8);
        _plain[3] = (byte)_seq;
        _seq++;
        RtpPacket.TryParse(_plain, out var packet);
        _sender.OnRtp(packet);
        return packet.PayloadLength;
    }

    private int Protect()
    {
        _plain.AsSpan().CopyTo(_buffer);
        _buffer[2] = (byte)(_seq >> 8);
        _buffer[3] = (byte)_seq;
        _seq++;
        return _browser.ProtectRtp(_buffer, PacketLength);
    }

    private VideoPeer Peer(string id, WebRtcNegotiatedVideo[] video)
    {
        var peer = new VideoPeer(id, video, 0x9000, static _ => true, TimeProvider.System);
        var session = new SrtpSession(SrtpKeyMaterial.Generate(Suite), SrtpKeyMaterial.Generate(Suite));
        peer.InstallKeys(session);
        _disposables.Add(session);
        return peer;
    }
}
