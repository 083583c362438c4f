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
/// <see cref="Forwarded"/> is the part after the unprotect. Run:
/// <c>dotnet run -c Release --project tests/Bridge.Benchmarks -- --filter '*VideoForwardBenchmarks*'</c>.
/// </summary>
[MemoryDiagnoser]
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
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _browser.Dispose();
        _bridge.Dispose();
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
