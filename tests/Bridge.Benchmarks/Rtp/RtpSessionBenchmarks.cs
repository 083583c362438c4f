using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Bridge.Rtp;

namespace Bridge.Benchmarks.Rtp;

/// <summary>
/// A session's per-packet work: the receive handler (latch check, statistics, jitter buffer put) followed by the mixer's get,
/// and sending one audio frame over a real loopback socket. Expect 0 B allocated.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class RtpSessionBenchmarks
{
    private const int PacketsPerInvoke = 1000;
    private readonly byte[] _packet = new byte[12 + 160];
    private readonly byte[] _output = new byte[1500];
    private readonly byte[] _audio = new byte[160];
    private readonly SocketAddress _from = new IPEndPoint(IPAddress.Loopback, 40000).Serialize();
    private RtpSession _session = null!;
    private Socket _sink = null!;
    private JitterBuffer _buffer = null!;
    private ushort _sequence;
    private uint _timestamp;

    [GlobalSetup]
    public void Setup()
    {
        var allocator = new RtpPortAllocator(47000, 47099);
        if (!RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), TimeProvider.System, out RtpSession? session))
        {
            throw new InvalidOperationException("no ports");
        }

        _session = session;
        _buffer = new JitterBuffer(8000, TimeProvider.System);
        _session.JitterBuffer = _buffer;
        _session.ReceivePayloadType = 0;
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _session.SetRemote((IPEndPoint)_sink.LocalEndPoint!);
        var writer = new RtpPacketWriter(_packet);
        writer.TryWriteHeader(false, 0, 0, 0, 0x12345678);
        writer.TryWritePayload(new byte[160]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _sink.Dispose();
    }

    [Benchmark(OperationsPerInvoke = PacketsPerInvoke)]
    public int HandleRtpThenGet()
    {
        int played = 0;
        for (int i = 0; i < PacketsPerInvoke; i++)
        {
            _packet[2] = (byte)(_sequence >> 8);
            _packet[3] = (byte)_sequence;
            _packet[4] = (byte)(_timestamp >> 24);
            _packet[5] = (byte)(_timestamp >> 16);
            _packet[6] = (byte)(_timestamp >> 8);
            _packet[7] = (byte)_timestamp;
            _sequence++;
            _timestamp += 160;
            _session.HandleRtp(_packet, _from);
            if (_buffer.Get(_output, out _) == JitterBufferResult.Frame)
            {
                played++;
            }
        }

        return played;
    }

    [Benchmark]
    public bool SendAudio() => _session.SendAudio(_audio, 160);
}
