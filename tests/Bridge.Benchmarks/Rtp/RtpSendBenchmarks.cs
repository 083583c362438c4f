using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Bridge.Rtp;
using Bridge.Rtp.Receive;

namespace Bridge.Benchmarks.Rtp;

/// <summary>
/// Sending one audio frame from a started session (issue 14) while its socket is received by the portable socket loop
/// (an asynchronous receive pending: .NET runs the socket non-blocking and emulates the blocking send) or by the receive
/// engine (the descriptor stays as created), through sendto(2) on the descriptor (Linux) or .NET's socket layer
/// (<see cref="RtpSessionOptions.PortableSend"/>: sendmsg through System.Native). Expect 0 B allocated either way.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, launchCount: 1, warmupCount: 3, iterationCount: 5)]
public class RtpSendBenchmarks
{
    private readonly byte[] _audio = new byte[160];
    private RtpReceiveEngine? _engine;
    private RtpSession _session = null!;
    private Socket _sink = null!;

    [Params(0, 1)]
    public int ReceiveThreads { get; set; }

    [Params(false, true)]
    public bool PortableSend { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = RtpReceiveEngine.TryCreate(ReceiveThreads, null, out _);
        var allocator = new RtpPortAllocator(53000, 53999) { ReceiveEngine = _engine };
        if (!RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions { RtcpMux = true, PortableSend = PortableSend }, TimeProvider.System, out RtpSession? session))
        {
            throw new InvalidOperationException("no ports");
        }

        _session = session;
        _sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _session.SetRemote((IPEndPoint)_sink.LocalEndPoint!);
        _session.Start();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _session.Dispose();
        _engine?.Dispose();
        _sink.Dispose();
    }

    [Benchmark]
    public bool SendAudio() => _session.SendAudio(_audio, 160);
}
