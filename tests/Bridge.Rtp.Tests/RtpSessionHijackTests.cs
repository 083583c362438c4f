using System.Net;
using System.Net.Sockets;
using Bridge.TestKit.Allocation;

namespace Bridge.Rtp.Tests;

/// <summary>"RTP bleed": a stranger who sprays RTP at a call's port must not get the call's media.</summary>
public sealed partial class RtpSessionTests
{
    [Fact]
    public async Task BurstFromAStrangerBetweenThePhonesPacketsDoesNotTakeTheMedia()
    {
        RtpSession bridge = Create(out _);
        var reports = new List<RtpForeignSourceEventArgs>();
        bridge.ForeignSourceDropped += (_, e) =>
        {
            lock (reports)
            {
                reports.Add(e);
            }
        };
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        bridge.SetRemote((IPEndPoint)phone.Client.LocalEndPoint!);
        bridge.Start();

        ushort seq = 500;
        await phone.SendAsync(RtpBytes(0, seq++, 0xCAFE), bridge.LocalRtpEndPoint);
        await WaitFor(() => bridge.GetStatistics().PacketsReceived == 1);
        for (int round = 0; round < 4; round++)
        {
            // Five packets between two of the phone's: what used to move the media to the stranger.
            for (int i = 0; i < 5; i++)
            {
                await stranger.SendAsync(RtpBytes(0, (ushort)(seq + i), 0xBAD), bridge.LocalRtpEndPoint);
            }

            await phone.SendAsync(RtpBytes(0, seq++, 0xCAFE), bridge.LocalRtpEndPoint);
        }

        await WaitFor(() => bridge.GetStatistics().PacketsReceived == 5 && bridge.GetStatistics().ForeignPacketsDropped == 20);
        Assert.Equal((IPEndPoint)phone.Client.LocalEndPoint!, bridge.RemoteRtpEndPoint);
        Assert.Equal(0, bridge.GetStatistics().Relatches);

        for (int i = 0; i < 3; i++)
        {
            Assert.True(bridge.SendAudio(new byte[160], 160));
            UdpReceiveResult got = await phone.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(RtpPacket.TryParse(got.Buffer, out RtpPacket packet));
            Assert.Equal(bridge.Ssrc, packet.Ssrc);
        }

        // Everything sent reached the phone, in order, from one socket: nothing went to the stranger.
        Assert.Equal(0, stranger.Available);

        // Drops are reported, rate-limited: one report for the whole burst (no further report within 10 s).
        lock (reports)
        {
            RtpForeignSourceEventArgs report = Assert.Single(reports);
            Assert.Equal((IPEndPoint)stranger.Client.LocalEndPoint!, report.Source);
        }
    }

    [Fact]
    public async Task AfterTheWindowAStrangerCannotLatchASilentCall()
    {
        RtpSession bridge = Create(out _);
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var signalled = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 40000);
        bridge.SetRemote(signalled);
        bridge.Start();
        _time.Advance(TimeSpan.FromSeconds(6));
        for (int i = 0; i < 5; i++)
        {
            await stranger.SendAsync(RtpBytes(0, (ushort)i, 9), bridge.LocalRtpEndPoint);
        }

        await WaitFor(() => bridge.GetStatistics().ForeignPacketsDropped == 5);
        Assert.False(bridge.IsLatched);
        Assert.Equal(signalled, bridge.RemoteRtpEndPoint);
    }

    [Fact]
    public async Task ResetLatchLearnsAMovedPeerButASessionRefreshDoesNotReopen()
    {
        RtpSession bridge = Create(out _);
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var moved = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var phoneEndPoint = (IPEndPoint)phone.Client.LocalEndPoint!;
        bridge.SetRemote(phoneEndPoint);
        bridge.Start();
        await phone.SendAsync(RtpBytes(0, 1, 1), bridge.LocalRtpEndPoint);
        await WaitFor(() => bridge.IsLatched);
        _time.Advance(TimeSpan.FromMinutes(2));

        // A re-INVITE that repeats the same address (a session timer refresh) keeps the latch closed.
        bridge.ResetLatch(phoneEndPoint);
        await moved.SendAsync(RtpBytes(0, 50, 2), bridge.LocalRtpEndPoint);
        await WaitFor(() => bridge.GetStatistics().ForeignPacketsDropped == 1);
        Assert.Equal(phoneEndPoint, bridge.RemoteRtpEndPoint);

        // A re-INVITE to a new address: send there at once, and learn the source again.
        var movedEndPoint = (IPEndPoint)moved.Client.LocalEndPoint!;
        bridge.ResetLatch(movedEndPoint);
        Assert.Equal(movedEndPoint, bridge.RemoteRtpEndPoint);
        Assert.False(bridge.IsLatched);
        await moved.SendAsync(RtpBytes(0, 51, 2), bridge.LocalRtpEndPoint);
        await WaitFor(() => bridge.IsLatched);
        Assert.Equal(movedEndPoint, bridge.RemoteRtpEndPoint);
    }

    [Fact]
    public async Task WithSrtpOnlyAuthenticatedPacketsLatchOrMoveTheSession()
    {
        RtpSession phone = Create(out _);
        RtpSession bridge = Create(out _);
        phone.Protector = new XorProtector();
        bridge.Protector = new XorProtector();
        using var stranger = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        phone.SetRemote(bridge.LocalRtpEndPoint);
        phone.Start();
        bridge.Start();

        // Inside the latch window a stranger's plain packets, even continuing nothing, fail authentication first.
        await stranger.SendAsync(RtpBytes(0, 1, 5), bridge.LocalRtpEndPoint);
        await WaitFor(() => bridge.GetStatistics().UnprotectFailures == 1);
        Assert.False(bridge.IsLatched);

        Assert.True(phone.SendAudio(new byte[160], 160));
        await WaitFor(() => bridge.IsLatched);
        for (int i = 0; i < 10; i++)
        {
            await stranger.SendAsync(RtpBytes(0, (ushort)(2 + i), phone.Ssrc), bridge.LocalRtpEndPoint);
        }

        await WaitFor(() => bridge.GetStatistics().UnprotectFailures == 11);
        Assert.Equal(phone.LocalRtpEndPoint, bridge.RemoteRtpEndPoint);
        Assert.Equal(0, bridge.GetStatistics().Relatches);
    }

    [Fact]
    public void DroppingForeignPacketsAllocatesNothing()
    {
        RtpSession bridge = Create(out _);
        int reports = 0;
        bridge.ForeignSourceDropped += (_, _) => reports++;
        SocketAddress phone = new IPEndPoint(IPAddress.Loopback, 40_000).Serialize();
        SocketAddress stranger = new IPEndPoint(IPAddress.Parse("127.0.0.9"), 40_002).Serialize();
        byte[] fromPhone = RtpBytes(0, 1, 0xCAFE);
        byte[] fromStranger = RtpBytes(0, 2, 0xBAD);
        bridge.HandleRtp(fromPhone, phone);
        for (int i = 0; i < 100; i++)
        {
            bridge.HandleRtp(fromStranger, stranger); // warm-up; the first drop is reported (that allocates once)
        }

        AllocationRounds.AssertNone(() =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                bridge.HandleRtp(fromStranger, stranger);
            }
        });

        Assert.Equal(30_100, bridge.GetStatistics().ForeignPacketsDropped);
        Assert.Equal(1, reports);
    }
}
