using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Bridge.Rtp.Send;
using Bridge.TestKit.Skipping;
using Bridge.TestKit.Allocation;

namespace Bridge.Rtp.Tests.Send;

/// <summary>
/// The session's send through sendto(2) on Linux (issue 14) against .NET's socket layer, over real loopback sockets: the
/// same datagram from the session's own port, to the signalled and then the latched address, IPv6, errors and disposal
/// without exceptions, and no allocation per send.
/// </summary>
public sealed class NativeDatagramSendTests : IDisposable
{
    private static int _nextRange = 38000 + (Environment.ProcessId % 50 * 40);
    private readonly RtpPortAllocator _allocator;
    private readonly List<IDisposable> _disposables = [];

    public NativeDatagramSendTests()
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
    public void LinuxSessionsSendNativelyUnlessAskedForThePortablePath()
    {
        Assert.Equal(OperatingSystem.IsLinux(), Create(IPAddress.Loopback, portable: false).SendsNatively);
        Assert.False(Create(IPAddress.Loopback, portable: true).SendsNatively);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AudioArrivesByteExactFromTheSessionsPort(bool portable)
    {
        RtpSession session = Create(IPAddress.Loopback, portable);
        Socket sink = Sink(IPAddress.Loopback);
        session.SetRemote((IPEndPoint)sink.LocalEndPoint!);
        session.SendPayloadType = 8;
        session.Start();

        byte[] payload = Enumerable.Range(0, 160).Select(i => (byte)i).ToArray();
        ushort? firstSequence = null;
        for (int i = 0; i < 3; i++)
        {
            Assert.True(session.SendAudio(payload, 160));
            (byte[] datagram, IPEndPoint from) = Receive(sink);
            Assert.Equal(session.LocalRtpEndPoint, from);
            Assert.Equal(12 + 160, datagram.Length);
            Assert.Equal(0x80, datagram[0]);
            Assert.Equal(8, datagram[1] & 0x7F);
            ushort sequence = BinaryPrimitives.ReadUInt16BigEndian(datagram.AsSpan(2));
            firstSequence ??= sequence;
            Assert.Equal((ushort)(firstSequence.Value + i), sequence);
            Assert.Equal(session.Ssrc, BinaryPrimitives.ReadUInt32BigEndian(datagram.AsSpan(8)));
            Assert.Equal(payload, datagram[12..]);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SendsFollowTheLatchedAddress(bool portable)
    {
        RtpSession session = Create(IPAddress.Loopback, portable);
        session.ReceivePayloadType = 0;
        session.SendPayloadType = 0;
        Socket signalled = Sink(IPAddress.Loopback);
        Socket phone = Sink(IPAddress.Loopback);
        session.SetRemote((IPEndPoint)signalled.LocalEndPoint!);
        session.Start();

        Assert.True(session.SendAudio(new byte[160], 160));
        Assert.Equal(session.LocalRtpEndPoint, Receive(signalled).From);

        // The phone's first packet (inside the latch window) moves the destination to its source (symmetric RTP, RFC 4961).
        byte[] packet = new byte[12 + 160];
        var writer = new RtpPacketWriter(packet);
        Assert.True(writer.TryWriteHeader(false, 0, 1, 160, 0x1234));
        Assert.True(writer.TryWritePayload(new byte[160]));
        phone.SendTo(packet.AsSpan(0, writer.Length), SocketFlags.None, session.LocalRtpEndPoint);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!session.IsLatched)
        {
            Assert.True(DateTime.UtcNow < deadline, "not latched within 5 s");
            await Task.Delay(5);
        }

        Assert.True(session.SendAudio(new byte[160], 160));
        Assert.Equal(session.LocalRtpEndPoint, Receive(phone).From);
        Assert.Equal(0, signalled.Available);
    }

    [SkippableFact]
    public void Ipv6DatagramsArrive()
    {
        Skip.If(!Socket.OSSupportsIPv6 || !CanBind(IPAddress.IPv6Loopback), "no IPv6 loopback on this machine");
        RtpSession session = Create(IPAddress.IPv6Loopback, portable: false);
        Socket sink = Sink(IPAddress.IPv6Loopback);
        session.SetRemote((IPEndPoint)sink.LocalEndPoint!);
        session.Start();

        Assert.True(session.SendAudio(new byte[] { 1, 2, 3 }, 160));
        (byte[] datagram, IPEndPoint from) = Receive(sink);
        Assert.Equal(session.LocalRtpEndPoint, from);
        Assert.Equal(new byte[] { 1, 2, 3 }, datagram[12..]);
    }

    [SkippableFact]
    public void RefusedDatagramsAndClosedSocketsGiveFalseNotExceptions()
    {
        Skip.If(!NativeDatagramSend.IsSupported, "sendto(2) is called directly only on Linux");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        // An IPv6 destination from an IPv4 socket: the kernel refuses it (EAFNOSUPPORT or EINVAL).
        SocketAddress wrongFamily = new IPEndPoint(IPAddress.IPv6Loopback, 9).Serialize();
        Assert.False(NativeDatagramSend.TrySend(socket, [1, 2, 3], wrongFamily, out bool unavailable));
        Assert.False(unavailable);

        socket.Dispose();
        Assert.False(NativeDatagramSend.TrySend(socket, [1, 2, 3], new IPEndPoint(IPAddress.Loopback, 9).Serialize(), out unavailable));
        Assert.False(unavailable);
        Assert.True(NativeDatagramSend.IsSupported);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SendingAllocatesNothing(bool portable)
    {
        RtpSession session = Create(IPAddress.Loopback, portable);
        Socket sink = Sink(IPAddress.Loopback);
        session.SetRemote((IPEndPoint)sink.LocalEndPoint!);
        session.Start();
        byte[] payload = new byte[160];
        for (int i = 0; i < 50; i++)
        {
            session.SendAudio(payload, 160);
        }

        int sent = 0;
        AllocationRounds.AssertNone(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                sent += session.SendAudio(payload, 160) ? 1 : 0;
            }
        });

        Assert.Equal(3000, sent);
    }

    [Fact]
    public void DisposedSessionSendsNothing()
    {
        RtpSession session = Create(IPAddress.Loopback, portable: false);
        Socket sink = Sink(IPAddress.Loopback);
        session.SetRemote((IPEndPoint)sink.LocalEndPoint!);
        session.Start();
        session.Dispose();
        Assert.False(session.SendAudio(new byte[160], 160));
    }

    private static (byte[] Datagram, IPEndPoint From) Receive(Socket sink)
    {
        byte[] buffer = new byte[2048];
        EndPoint from = new IPEndPoint(sink.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        int received = sink.ReceiveFrom(buffer, ref from);
        return (buffer[..received], (IPEndPoint)from);
    }

    private static bool CanBind(IPAddress address)
    {
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(address, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private Socket Sink(IPAddress address)
    {
        var sink = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        sink.Bind(new IPEndPoint(address, 0));
        _disposables.Add(sink);
        return sink;
    }

    private RtpSession Create(IPAddress address, bool portable)
    {
        Assert.True(RtpSession.TryCreate(_allocator, address, new RtpSessionOptions { RtcpMux = true, PortableSend = portable }, TimeProvider.System, out RtpSession? session));
        _disposables.Add(session);
        return session;
    }
}
