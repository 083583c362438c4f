using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>Real UDP sockets on 127.0.0.1; timers run on a fake clock, packet delivery is awaited in real time.</summary>
public sealed partial class RtpSessionTests : IDisposable
{
    private static int _nextRange = 41000 + (Environment.ProcessId % 200 * 40);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RtpPortAllocator _allocator;
    private readonly List<IDisposable> _disposables = [];

    public RtpSessionTests()
    {
        int low = Interlocked.Add(ref _nextRange, 40) - 40;
        _allocator = new RtpPortAllocator(low, low + 39);
    }

    public void Dispose()
    {
        foreach (IDisposable d in _disposables)
        {
            d.Dispose();
        }
    }

    [Fact]
    public async Task TwoSessionsExchangeAudioAndLatchSymmetrically()
    {
        RtpSession a = Create(out JitterBuffer bufferA);
        RtpSession b = Create(out JitterBuffer bufferB);

        // A knows B from SDP; B learns A only from A's packets (symmetric RTP).
        a.SetRemote(b.LocalRtpEndPoint);
        a.Start();
        b.Start();
        Assert.Null(b.RemoteRtpEndPoint);

        var payload = new byte[160];
        for (int i = 0; i < 5; i++)
        {
            payload[0] = (byte)i;
            Assert.True(a.SendAudio(payload, 160));
        }

        await WaitFor(() => b.GetStatistics().PacketsReceived == 5);
        Assert.True(b.IsLatched);
        Assert.Equal(a.LocalRtpEndPoint, b.RemoteRtpEndPoint);
        Assert.Equal(5, TakenStatistics(bufferB).Buffered);

        Assert.True(b.SendAudio(payload, 160));
        await WaitFor(() => a.GetStatistics().PacketsReceived == 1);
        Assert.Equal(1, TakenStatistics(bufferA).Buffered);

        RtpSessionStatistics stats = b.GetStatistics();
        Assert.Equal(0, stats.PacketsLost);
        Assert.Equal(5 * 160, stats.OctetsReceived);
        Assert.Equal(1, stats.PacketsSent);
    }

    [Fact]
    public async Task UnexpectedPayloadTypeAndGarbageDoNotLatch()
    {
        RtpSession b = Create(out _);
        b.Start();
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await stranger.SendAsync(RtpBytes(pt: 96, seq: 1, ssrc: 5), b.LocalRtpEndPoint);
        await stranger.SendAsync(new byte[] { 0x90, 2, 3 }, b.LocalRtpEndPoint);
        await stranger.SendAsync(RtpBytes(pt: 0, seq: 2, ssrc: 5), b.LocalRtpEndPoint);
        await WaitFor(() => b.GetStatistics().PacketsReceived == 1);
        Assert.Equal(1, b.GetStatistics().MalformedPackets);
        Assert.Equal((IPEndPoint)stranger.Client.LocalEndPoint!, b.RemoteRtpEndPoint);
    }

    [Fact]
    public async Task RelatchesOnlyToASourceContinuingTheStream()
    {
        RtpSession b = Create(out JitterBuffer buffer);
        b.Start();
        using var first = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        ushort seq = 1;
        await first.SendAsync(RtpBytes(0, seq++, 5), b.LocalRtpEndPoint);
        await WaitFor(() => b.IsLatched);

        // Packets from elsewhere with another SSRC (an attacker, who cannot see the stream) never move the session.
        for (int i = 0; i < 10; i++)
        {
            await second.SendAsync(RtpBytes(0, (ushort)(seq + i), 77), b.LocalRtpEndPoint);
        }

        await WaitFor(() => b.GetStatistics().ForeignPacketsDropped == 10);
        await first.SendAsync(RtpBytes(0, seq++, 5), b.LocalRtpEndPoint);
        await WaitFor(() => b.GetStatistics().PacketsReceived == 2);
        Assert.Equal((IPEndPoint)first.Client.LocalEndPoint!, b.RemoteRtpEndPoint);

        // The peer really moved (a NAT rebinding): its stream continues from the new address.
        await second.SendAsync(RtpBytes(0, seq++, 5), b.LocalRtpEndPoint);
        await WaitFor(() => b.GetStatistics().Relatches == 1);
        Assert.Equal((IPEndPoint)second.Client.LocalEndPoint!, b.RemoteRtpEndPoint);
    }

    [Fact]
    public async Task SsrcChangeRestartsStatisticsAndBuffer()
    {
        RtpSession b = Create(out JitterBuffer buffer);
        b.Start();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        for (ushort i = 0; i < 5; i++)
        {
            await peer.SendAsync(RtpBytes(0, (ushort)(100 + i), 1), b.LocalRtpEndPoint);
        }

        await WaitFor(() => b.GetStatistics().PacketsReceived == 5);
        await WaitFor(() => TakenStatistics(buffer).Buffered == 5); // the reader's tick takes the first five
        for (ushort i = 0; i < 5; i++)
        {
            await peer.SendAsync(RtpBytes(0, (ushort)(60_000 + i), 2), b.LocalRtpEndPoint);
        }

        await WaitFor(() => b.GetStatistics().PacketsReceived == 10);
        RtpSessionStatistics stats = b.GetStatistics();
        Assert.Equal(1, stats.SsrcChanges);
        Assert.Equal(0, stats.PacketsLost);
        Assert.Equal(1, TakenStatistics(buffer).Resyncs);
        Assert.Equal(5, TakenStatistics(buffer).Buffered);
    }

    [Fact]
    public async Task ResetLatchFollowsAReInvite()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _);
        using var newPeer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        a.SetRemote(b.LocalRtpEndPoint);
        b.SetRemote(a.LocalRtpEndPoint);
        a.Start();
        b.Start();
        a.SendAudio(new byte[160], 160);
        await WaitFor(() => b.IsLatched);

        var moved = (IPEndPoint)newPeer.Client.LocalEndPoint!;
        b.SetRemote(moved);
        Assert.Equal(a.LocalRtpEndPoint, b.RemoteRtpEndPoint);
        b.SetRemote(moved, resetLatch: true);
        Assert.Equal(moved, b.RemoteRtpEndPoint);
        Assert.True(b.SendAudio(new byte[160], 160));
        UdpReceiveResult received = await newPeer.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(RtpPacket.TryParse(received.Buffer, out RtpPacket packet));
        Assert.Equal(b.Ssrc, packet.Ssrc);
    }

    [Fact]
    public async Task StunAndDtlsAreHandedOverNotParsedAsRtp()
    {
        RtpSession b = Create(out _);
        var seen = new List<byte>();
        b.NonMediaDatagramReceived = (session, datagram, from) =>
        {
            lock (seen)
            {
                seen.Add(datagram[0]);
            }

            // Answer the sender directly, as an ICE-lite agent does.
            session.SendDatagram([0x01, 0x01], from);
        };
        b.Start();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await peer.SendAsync(new byte[] { 0x00, 0x01, 0, 0 }, b.LocalRtpEndPoint); // STUN binding request
        await peer.SendAsync(new byte[] { 22, 0xFE, 0xFD, 0 }, b.LocalRtpEndPoint); // DTLS handshake
        UdpReceiveResult answer = await peer.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(new byte[] { 0x01, 0x01 }, answer.Buffer);
        await WaitFor(() =>
        {
            lock (seen)
            {
                return seen.Count == 2;
            }
        });
        Assert.Equal(0, b.GetStatistics().MalformedPackets);
        Assert.False(b.IsLatched);
    }

    [Fact]
    public async Task DigitsTravelAsTelephoneEvents()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _);
        a.SendEventPayloadType = 101;
        b.ReceiveEventPayloadType = 101;
        var receiver = new TelephoneEventReceiver(_time);
        b.EventReceiver = receiver;
        var digits = new List<char>();
        receiver.EventReceived += e =>
        {
            lock (digits)
            {
                digits.Add(e.Digit);
            }
        };
        a.SetRemote(b.LocalRtpEndPoint);
        a.Start();
        b.Start();
        Assert.True(a.SendDigit('4'));
        Assert.True(a.SendDigit('2'));
        var audio = new byte[160];
        for (int i = 0; i < 40; i++)
        {
            a.SendAudio(audio, 160);
        }

        await WaitFor(() =>
        {
            lock (digits)
            {
                return digits.Count == 2;
            }
        });
        Assert.Equal(['4', '2'], digits);
    }

    [Fact]
    public async Task InactivityRaisesOnceAndIsSuspendedOnHold()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _, new RtpSessionOptions { InactivityTimeout = TimeSpan.FromSeconds(10) });
        int timeouts = 0;
        b.InactivityTimeout += (_, _) => Interlocked.Increment(ref timeouts);
        a.SetRemote(b.LocalRtpEndPoint);
        b.SetRemote(a.LocalRtpEndPoint); // the first packet comes after the latch window: only the signalled host may start
        a.Start();
        b.Start();

        _time.Advance(TimeSpan.FromSeconds(6));
        a.SendAudio(new byte[160], 160);
        await WaitFor(() => b.GetStatistics().PacketsReceived == 1);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(0, timeouts);

        b.OnHold = true;
        _time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(0, timeouts);

        b.OnHold = false;
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, timeouts);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, timeouts);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, timeouts);
    }

    [Fact]
    public async Task RtcpReportsGiveLossJitterAndRoundTrip()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _);
        a.SetRemote(b.LocalRtpEndPoint);
        b.SetRemote(a.LocalRtpEndPoint);
        a.Start();
        b.Start();
        var payload = new byte[160];
        for (int i = 0; i < 10; i++)
        {
            a.SendAudio(payload, 160);
            b.SendAudio(payload, 160);
        }

        await WaitFor(() => b.GetStatistics().PacketsReceived == 10 && a.GetStatistics().PacketsReceived == 10);

        // Both send an SR within the first interval; the second round echoes LSR/DLSR so RTT can be computed.
        for (int round = 0; round < 4; round++)
        {
            _time.Advance(TimeSpan.FromSeconds(7));
            a.SendAudio(payload, 160);
            b.SendAudio(payload, 160);
            await Task.Delay(50);
        }

        await WaitFor(() => a.GetStatistics().RoundTripTime is not null);
        RtpSessionStatistics stats = a.GetStatistics();
        Assert.InRange(stats.RoundTripTime!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.Equal(0, stats.RemotePacketsLost);
    }

    [Fact]
    public async Task PeerReceiverReportAboutUsIsKept()
    {
        RtpSession b = Create(out _);
        b.Start();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[256];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryWriteReceiverReport(0xABCD, [
            new RtcpReportBlock(0x1111, 200, 99, 5, 1, 0, 0), // about someone else: ignored
            new RtcpReportBlock(b.Ssrc, 64, 12, 1000, 80, 0, 0),
        ]));
        Assert.True(writer.TryWriteSdesCname(0xABCD, "peer"u8));
        await peer.SendAsync(buffer.AsMemory(0, writer.Length), b.LocalRtcpEndPoint);
        await WaitFor(() => b.GetStatistics().RemotePacketsLost == 12);
        RtpSessionStatistics stats = b.GetStatistics();
        Assert.Equal(0.25, stats.RemoteFractionLost);
        Assert.Equal(TimeSpan.FromMilliseconds(10), stats.RemoteJitter);
        Assert.Null(stats.RoundTripTime); // no LSR echoed yet
        Assert.Equal((IPEndPoint)peer.Client.LocalEndPoint!, b.RemoteRtcpEndPoint);

        // A malformed compound is counted and ignored.
        await peer.SendAsync(new byte[] { 0x80, 201, 0, 9 }, b.LocalRtcpEndPoint);
        await WaitFor(() => b.GetStatistics().MalformedPackets == 1);
    }

    [Fact]
    public async Task ByeOnDisposeAndPortsReleased()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _);
        a.SetRemote(b.LocalRtpEndPoint);
        b.SetRemote(a.LocalRtpEndPoint);
        a.Start();
        b.Start();
        int byes = 0;
        b.ByeReceived += (_, _) => Interlocked.Increment(ref byes);
        a.SendAudio(new byte[160], 160);
        await WaitFor(() => b.GetStatistics().PacketsReceived == 1);

        int available = _allocator.Available;
        a.Dispose();
        Assert.Equal(available + 1, _allocator.Available);
        await WaitFor(() => Volatile.Read(ref byes) == 1);
        Assert.False(a.SendAudio(new byte[160], 160));
    }

    [Fact]
    public async Task RtcpMuxUsesOnePort()
    {
        var mux = new RtpSessionOptions { RtcpMux = true };
        RtpSession a = Create(out _, mux);
        RtpSession b = Create(out _, mux);
        Assert.True(a.RtcpMux);
        Assert.Equal(a.LocalRtpEndPoint, a.LocalRtcpEndPoint);
        a.SetRemote(b.LocalRtpEndPoint);
        b.SetRemote(a.LocalRtpEndPoint);
        a.Start();
        b.Start();
        int byes = 0;
        b.ByeReceived += (_, _) => Interlocked.Increment(ref byes);
        a.SendAudio(new byte[160], 160);
        await WaitFor(() => b.GetStatistics().PacketsReceived == 1);
        a.Dispose();
        await WaitFor(() => Volatile.Read(ref byes) == 1);
        Assert.Equal(0, b.GetStatistics().MalformedPackets);
    }

    [Fact]
    public async Task RtcpMuxCanBeEnabledAfterNegotiation()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out _, new RtpSessionOptions { RtcpMux = true });
        Assert.False(a.RtcpMux);
        a.EnableRtcpMux();
        Assert.True(a.RtcpMux);
        Assert.Equal(a.LocalRtpEndPoint, a.LocalRtcpEndPoint);
        a.SetRemote(b.LocalRtpEndPoint);
        b.SetRemote(a.LocalRtpEndPoint);
        Assert.Equal(b.LocalRtpEndPoint, a.RemoteRtcpEndPoint);
        a.Start();
        b.Start();
        int byes = 0;
        a.ByeReceived += (_, _) => Interlocked.Increment(ref byes);
        b.SendAudio(new byte[160], 160);
        await WaitFor(() => a.GetStatistics().PacketsReceived == 1);
        b.Dispose();
        await WaitFor(() => Volatile.Read(ref byes) == 1);
    }

    [Fact]
    public void BindFailureMovesToTheNextPair()
    {
        int port = PortOf(_allocator);
        var allocator = new RtpPortAllocator(port, port + 5);
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, port + 1)); // the first pair's RTCP port
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? session));
        using (session)
        {
            Assert.Equal(port + 2, session.Ports.RtpPort);
            Assert.Equal(2, allocator.Available); // the failed pair went back to the pool
        }

        Assert.Equal(3, allocator.Available);
    }

    /// <summary>
    /// Another program (or a second bridge) on part of the range: its ports are passed over, however many, and the
    /// session gets the first free pair behind them; the next one finds free pairs first. A soak started beside another
    /// had its calls refused with 503 while 3,800 of 4,000 pairs were free (8 attempts, then refusal).
    /// </summary>
    [Fact]
    public void Ports_held_by_another_program_are_passed_over_however_many()
    {
        int port = PortOf(_allocator);
        var allocator = new RtpPortAllocator(port, port + 19); // 10 pairs, the upper half of this test's range
        var held = new List<Socket>();
        try
        {
            for (int pair = 0; pair < 9; pair++) // more than BindAttempts (8)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                held.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, port + (2 * pair)));
            }

            Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions { BindAttempts = 8 }, _time, out RtpSession? first));
            using (first)
            {
                Assert.Equal(port + 18, first.Ports.RtpPort);
                Assert.Equal(9, allocator.Available); // the nine held pairs went back

                // Every free pair is held: each is tried once, then the call is refused, saying why.
                Assert.False(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions { BindAttempts = 8 }, _time, out _));
                Assert.Contains("9 of 10 pairs free", allocator.DescribeRefusal());
            }

            Assert.Equal(10, allocator.Available);
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
    }

    /// <summary>A media address that is not this host's fails every pair: the session gives up after BindAttempts, not
    /// after the whole range, and says why.</summary>
    [Fact]
    public void An_address_not_on_this_host_gives_up_after_the_bind_attempts()
    {
        int port = PortOf(_allocator);
        var allocator = new RtpPortAllocator(port, port + 199); // 100 pairs; nothing binds, so no port is taken
        var notHere = IPAddress.Parse("192.0.2.7"); // TEST-NET-1 (RFC 5737): bound to nothing here; nothing is sent
        Assert.False(RtpSession.TryCreate(allocator, notHere, new RtpSessionOptions { BindAttempts = 8 }, _time, out _));
        Assert.Equal(100, allocator.Available);
        Assert.Equal(SocketError.AddressNotAvailable, allocator.LastBindFailure!.Value.Error);
        Assert.Equal(port + 14, allocator.LastBindFailure!.Value.Port); // the eighth pair's RTP port
    }

    [Fact]
    public void ExhaustedRangeRefuses()
    {
        int port = PortOf(_allocator);
        var allocator = new RtpPortAllocator(port, port + 3);
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? one));
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? two));
        Assert.False(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out _));
        one.Dispose();
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? three));
        two.Dispose();
        three.Dispose();
        Assert.Equal(2, allocator.Available);
    }

    [Fact]
    public void A_refusal_says_whether_calls_hold_the_range_or_ports_would_not_bind()
    {
        int port = PortOf(_allocator);
        var allocator = new RtpPortAllocator(port, port + 3);
        using var first = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        first.Bind(new IPEndPoint(IPAddress.Loopback, port)); // another program on both RTP ports of the range
        second.Bind(new IPEndPoint(IPAddress.Loopback, port + 2));

        Assert.False(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out _));
        Assert.Equal(2, allocator.Available);
        Assert.Equal((port + 2, SocketError.AddressAlreadyInUse), allocator.LastBindFailure);
        string reason = allocator.DescribeRefusal();
        Assert.Contains("would not bind", reason);
        Assert.Contains("2 of 2 pairs free", reason);
        Assert.Contains(FormattableString.Invariant($"{port + 2}: AddressAlreadyInUse"), reason);

        first.Dispose();
        second.Dispose();
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? one));
        Assert.True(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? two));
        Assert.False(RtpSession.TryCreate(allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out _));
        Assert.Equal("all 2 port pairs of the RTP range are in use by calls", allocator.DescribeRefusal());
        one.Dispose();
        two.Dispose();
    }

    [Fact]
    public async Task ProtectorTransformsBothWaysAndRejectsTampering()
    {
        RtpSession a = Create(out _);
        RtpSession b = Create(out JitterBuffer buffer);
        a.Protector = new XorProtector();
        b.Protector = new XorProtector();
        a.SetRemote(b.LocalRtpEndPoint);
        a.Start();
        b.Start();
        var payload = new byte[] { 1, 2, 3, 4 };
        a.SendAudio(payload, 160);
        await WaitFor(() => b.GetStatistics().PacketsReceived == 1);
        var output = new byte[100];
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(JitterBufferResult.Frame, buffer.Get(output, out JitterFrame frame));
        Assert.Equal(payload, output.AsSpan(0, frame.Length).ToArray());

        // A plain packet (no tag) fails authentication.
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await stranger.SendAsync(RtpBytes(0, 9, 1), b.LocalRtpEndPoint);
        await WaitFor(() => b.GetStatistics().UnprotectFailures == 1);
        Assert.Equal(1, b.GetStatistics().PacketsReceived);
    }

    private static int PortOf(RtpPortAllocator allocator)
    {
        // Peek at the range start: allocate and release the first pair.
        Assert.True(allocator.TryAllocate(out RtpPortPair pair));
        allocator.Release(pair);
        return pair.RtpPort + 20; // a sub-range the shared allocator hands out last
    }

    private static byte[] RtpBytes(int pt, ushort seq, uint ssrc)
    {
        var buffer = new byte[12 + 160];
        var writer = new RtpPacketWriter(buffer);
        Assert.True(writer.TryWriteHeader(false, pt, seq, seq * 160u, ssrc));
        Assert.True(writer.TryWritePayload(new byte[160]));
        return buffer;
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 5 s");
            await Task.Delay(5);
        }
    }

    private RtpSession Create(out JitterBuffer buffer, RtpSessionOptions? options = null)
    {
        Assert.True(RtpSession.TryCreate(_allocator, IPAddress.Loopback, options ?? new RtpSessionOptions(), _time, out RtpSession? session));
        buffer = new JitterBuffer(8000, _time);
        session.ReceivePayloadType = 0;
        session.SendPayloadType = 0;
        session.JitterBuffer = buffer;
        _disposables.Add(session);
        return session;
    }

    /// <summary>A stand-in for SRTP: XOR the payload and append a 4-byte tag that must match.</summary>
    private sealed class XorProtector : IRtpProtector
    {
        private static readonly byte[] Tag = [0xDE, 0xAD, 0xBE, 0xEF];

        public int ProtectRtp(Span<byte> buffer, int length) => Protect(buffer, length, 12);

        public bool TryUnprotectRtp(Span<byte> buffer, ref int length) => TryUnprotect(buffer, ref length, 12);

        public int ProtectRtcp(Span<byte> buffer, int length) => Protect(buffer, length, 8);

        public bool TryUnprotectRtcp(Span<byte> buffer, ref int length) => TryUnprotect(buffer, ref length, 8);

        private static int Protect(Span<byte> buffer, int length, int header)
        {
            for (int i = header; i < length; i++)
            {
                buffer[i] ^= 0x5A;
            }

            Tag.CopyTo(buffer[length..]);
            return length + Tag.Length;
        }

        private static bool TryUnprotect(Span<byte> buffer, ref int length, int header)
        {
            if (length < header + Tag.Length || !buffer.Slice(length - Tag.Length, Tag.Length).SequenceEqual(Tag))
            {
                return false;
            }

            length -= Tag.Length;
            for (int i = header; i < length; i++)
            {
                buffer[i] ^= 0x5A;
            }

            return true;
        }
    }

    // The buffer's counters once its reader has taken what arrived (the reader's next step would).
    private static JitterBufferStatistics TakenStatistics(JitterBuffer buffer)
    {
        buffer.TakeArrivals();
        return buffer.GetStatistics();
    }
}
