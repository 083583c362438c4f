using System.Net;
using System.Net.Sockets;
using Bridge.Rtp.Receive;
using Bridge.TestKit.Skipping;

namespace Bridge.Rtp.Tests.Receive;

/// <summary>
/// The batched receive engine (issue 14) on real loopback sockets: sessions share one engine thread, come and go while
/// datagrams flow, and every datagram takes the path the socket loop takes. Linux only (elsewhere the engine is absent).
/// </summary>
public sealed partial class RtpReceiveEngineTests : IDisposable
{
    private static int _nextRange = 31000 + (Environment.ProcessId % 40 * 100);
    private readonly RtpPortAllocator _allocator;
    private readonly RtpReceiveEngine? _engine;
    private readonly string? _unavailable;
    private readonly List<RtpSession> _sessions = [];
    private readonly UdpClient _sender = new(new IPEndPoint(IPAddress.Loopback, 0));

    public RtpReceiveEngineTests()
    {
        _engine = RtpReceiveEngine.TryCreate(1, null, out _unavailable);
        int low = Interlocked.Add(ref _nextRange, 100) - 100;
        _allocator = new RtpPortAllocator(low, low + 99) { ReceiveEngine = _engine };
    }

    public void Dispose()
    {
        foreach (RtpSession session in _sessions)
        {
            session.Dispose();
        }

        _engine?.Dispose();
        _sender.Dispose();
    }

    [Fact]
    public void ZeroThreadsMeansThePortablePath()
    {
        Assert.Null(RtpReceiveEngine.TryCreate(0, null, out string? unavailable));
        Assert.Null(unavailable);
    }

    [SkippableFact]
    public async Task ManySessionsOnOneThreadEachGetTheirOwnPackets()
    {
        RequireEngine();
        var sessions = Enumerable.Range(0, 20).Select(_ => Start(out JitterBuffer _)).ToArray();
        for (ushort seq = 1; seq <= 25; seq++)
        {
            for (int s = 0; s < sessions.Length; s++)
            {
                await _sender.SendAsync(Rtp(seq, ssrc: (uint)(100 + s)), sessions[s].LocalRtpEndPoint);
            }
        }

        await WaitFor(() => sessions.All(s => s.GetStatistics().PacketsReceived == 25));
        Assert.All(sessions, s => Assert.True(s.ReceivesOnEngine));
        Assert.All(sessions, s => Assert.Equal(_sender.Client.LocalEndPoint, s.RemoteRtpEndPoint));
        Assert.All(sessions, s => Assert.Equal(0, s.GetStatistics().PacketsLost));
        Assert.Equal(40, _engine!.Registrations); // RTP and RTCP socket of each
        Assert.True(_engine.Datagrams >= 500, $"engine took {_engine.Datagrams} datagrams");
    }

    [SkippableFact]
    public async Task SessionsComeAndGoWhileTrafficFlows()
    {
        RequireEngine();
        RtpSession steady = Start(out _);
        using var stop = new CancellationTokenSource();
        var targets = new IPEndPoint?[8];
        targets[0] = steady.LocalRtpEndPoint;
        Task traffic = Task.Run(async () =>
        {
            ushort seq = 0;
            while (!stop.IsCancellationRequested)
            {
                seq++;
                foreach (IPEndPoint? target in Volatile.Read(ref targets).ToArray())
                {
                    if (target is not null)
                    {
                        await _sender.SendAsync(Rtp(seq, 7), target);
                    }
                }

                await Task.Delay(1);
            }
        });

        for (int round = 0; round < 30; round++)
        {
            Assert.True(RtpSession.TryCreate(_allocator, IPAddress.Loopback, new RtpSessionOptions(), TimeProvider.System, out RtpSession? session));
            session.ReceivePayloadType = 0;
            session.Start();
            targets[1 + (round % 7)] = session.LocalRtpEndPoint;
            await WaitFor(() => session.GetStatistics().PacketsReceived > 0);
            session.Dispose();
        }

        stop.Cancel();
        await traffic;
        long before = steady.GetStatistics().PacketsReceived;
        await _sender.SendAsync(Rtp(60_000, 7), steady.LocalRtpEndPoint);
        await WaitFor(() => steady.GetStatistics().PacketsReceived > before);
        Assert.Equal(2, _engine!.Registrations);
    }

    [SkippableFact]
    public async Task DisposeReturnsOnlyOnceTheEngineLetGo()
    {
        RequireEngine();
        RtpSession session = Start(out _);
        long calls = 0;
        session.NonMediaDatagramReceived = (_, _, _) => Interlocked.Increment(ref calls);
        using var stop = new CancellationTokenSource();
        IPEndPoint target = session.LocalRtpEndPoint;
        Task flood = Task.Run(async () =>
        {
            byte[] stun = [0, 1, 0, 0];
            while (!stop.IsCancellationRequested)
            {
                await _sender.SendAsync(stun, target);
            }
        });

        await WaitFor(() => Interlocked.Read(ref calls) > 100);
        session.Dispose();
        long atDispose = Interlocked.Read(ref calls);
        await Task.Delay(50);
        stop.Cancel();
        await flood;
        Assert.Equal(atDispose, Interlocked.Read(ref calls));
        Assert.Equal(0, _engine!.Registrations);
    }

    [SkippableFact]
    public async Task AHandlerMayDisposeItsSessionOnTheEngineThread()
    {
        RequireEngine();
        RtpSession first = Start(out _);
        string? thread = null;
        first.NonMediaDatagramReceived = (session, _, _) =>
        {
            thread = Thread.CurrentThread.Name;
            session.Dispose();
        };
        await _sender.SendAsync(new byte[] { 1, 1, 0, 0 }, first.LocalRtpEndPoint);
        await WaitFor(() => _engine!.Registrations == 0);
        Assert.Equal("rtp-receive-0", thread);

        RtpSession second = Start(out _);
        await _sender.SendAsync(Rtp(1, 9), second.LocalRtpEndPoint);
        await WaitFor(() => second.GetStatistics().PacketsReceived == 1);
    }

    [SkippableFact]
    public async Task OversizeDatagramsAreDroppedAndEmptyOnesGoToTheNonMediaHandler()
    {
        RequireEngine();
        RtpSession session = Start(out _);
        int empty = 0;
        session.NonMediaDatagramReceived = (_, datagram, _) =>
        {
            if (datagram.IsEmpty)
            {
                Interlocked.Increment(ref empty);
            }
        };
        byte[] oversize = Rtp(1, 5).Concat(new byte[3000]).ToArray();
        await _sender.SendAsync(oversize, session.LocalRtpEndPoint);
        await _sender.SendAsync(Array.Empty<byte>(), session.LocalRtpEndPoint);
        await _sender.SendAsync(Rtp(2, 5), session.LocalRtpEndPoint);
        await WaitFor(() => session.GetStatistics().PacketsReceived == 1 && Volatile.Read(ref empty) == 1);
        Assert.Equal(1, _engine!.Truncated);
        Assert.Equal(0, session.DispatchFailures);
    }

    [SkippableFact]
    public async Task IcmpErrorsDoNotStopReceiving()
    {
        RequireEngine();
        RtpSession session = Start(out _);
        // Sending to a closed port draws ICMP port-unreachable errors to this socket.
        using var closed = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var gone = (IPEndPoint)closed.Client.LocalEndPoint!;
        closed.Dispose();
        session.SetRemote(gone);
        for (int i = 0; i < 20; i++)
        {
            session.SendAudio(new byte[160], 160);
        }

        for (ushort seq = 1; seq <= 10; seq++)
        {
            await _sender.SendAsync(Rtp(seq, 3), session.LocalRtpEndPoint);
            session.SendAudio(new byte[160], 160);
        }

        await WaitFor(() => session.GetStatistics().PacketsReceived == 10);
    }

    [SkippableFact]
    public async Task TheEngineThreadAllocatesNothingPerDatagram()
    {
        RequireEngine();
        RtpSession session = Start(out _);
        var allocated = new long[3];
        var threads = new string?[3];
        session.NonMediaDatagramReceived = (_, datagram, _) =>
        {
            int marker = datagram.Length > 1 ? datagram[1] : 0;
            if (marker is 1 or 2 && threads[marker] is null)
            {
                allocated[marker] = GC.GetAllocatedBytesForCurrentThread();
                threads[marker] = Thread.CurrentThread.Name;
            }
        };

        const int count = 4000;
        ushort seq = 0;
        await SendBatches(200);
        await SendMarker(1);
        await SendBatches(count);
        await SendMarker(2);
        long delta = allocated[2] - allocated[1];
        Assert.Equal("rtp-receive-0", threads[2]);
        Assert.True(session.GetStatistics().PacketsReceived >= count, $"only {session.GetStatistics().PacketsReceived} received");
        Assert.True(delta < 1024, $"the engine thread allocated {delta} bytes over {count} datagrams");

        async Task SendBatches(int total)
        {
            for (int i = 0; i < total; i += 50)
            {
                long target = session.GetStatistics().PacketsReceived + 50;
                for (int j = 0; j < 50; j++)
                {
                    await _sender.SendAsync(Rtp(++seq, 11), session.LocalRtpEndPoint);
                }

                // Paced by what arrived, so the socket buffer never overflows.
                await WaitFor(() => session.GetStatistics().PacketsReceived >= target);
            }
        }

        async Task SendMarker(int marker)
        {
            byte[] stun = [0, (byte)marker, 0, 0];
            while (Volatile.Read(ref threads[marker]) is null)
            {
                await _sender.SendAsync(stun, session.LocalRtpEndPoint);
                await Task.Delay(5);
            }
        }
    }

    private void RequireEngine() => Skip.If(_engine is null, $"no receive engine here: {_unavailable}");

    private RtpSession Start(out JitterBuffer buffer)
    {
        Assert.True(RtpSession.TryCreate(_allocator, IPAddress.Loopback, new RtpSessionOptions(), TimeProvider.System, out RtpSession? session));
        buffer = new JitterBuffer(8000, TimeProvider.System);
        session.ReceivePayloadType = 0;
        session.JitterBuffer = buffer;
        _sessions.Add(session);
        session.Start();
        return session;
    }

    private static byte[] Rtp(ushort seq, uint ssrc)
    {
        var bytes = new byte[12 + 160];
        var writer = new RtpPacketWriter(bytes);
        Assert.True(writer.TryWriteHeader(false, 0, seq, seq * 160u, ssrc));
        Assert.True(writer.TryWritePayload(new byte[160]));
        return bytes;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(2);
        }
    }
}
