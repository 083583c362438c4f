using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;

namespace Bridge.Rtp.Tests;

/// <summary>
/// A stream disabled by a re-offer with port 0 (RFC 3264 §8.2) is removed at the peer: the session sends it no RTCP
/// report and no BYE until the stream is brought back.
/// </summary>
public sealed class RtpSessionRtcpDisabledTests : IDisposable
{
    private static int _nextRange = 36000 + (Environment.ProcessId % 100 * 20);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly RtpPortAllocator _allocator;
    private readonly UdpClient _peerRtp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly UdpClient _peerRtcp = new(new IPEndPoint(IPAddress.Loopback, 0));

    public RtpSessionRtcpDisabledTests()
    {
        int low = Interlocked.Add(ref _nextRange, 20) - 20;
        _allocator = new RtpPortAllocator(low, low + 19);
    }

    public void Dispose()
    {
        _peerRtp.Dispose();
        _peerRtcp.Dispose();
    }

    [Fact]
    public async Task No_report_and_no_BYE_reach_the_peer_while_RTCP_is_disabled_and_reports_resume_after()
    {
        Assert.True(RtpSession.TryCreate(_allocator, IPAddress.Loopback, new RtpSessionOptions(), _time, out RtpSession? session));
        using (session)
        {
            session.SetRemote((IPEndPoint)_peerRtp.Client.LocalEndPoint!, (IPEndPoint)_peerRtcp.Client.LocalEndPoint!);
            session.Start();
            Assert.True(session.RtcpEnabled);

            // Enabled: the first report comes within the initial interval (at most 2.5 s × 1.5 / (e − 1.5)).
            _time.Advance(TimeSpan.FromSeconds(4));
            Assert.True(await DrainAsync() >= 1, "no RTCP report while enabled (the control)");

            session.RtcpEnabled = false;
            for (int i = 0; i < 30; i++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }

            Assert.Equal(0, await DrainAsync());

            session.RtcpEnabled = true;
            for (int i = 0; i < 8; i++)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }

            Assert.True(await DrainAsync() >= 1, "reports did not resume");
            session.RtcpEnabled = false;
        }

        // Disposed while disabled: no BYE either.
        Assert.Equal(0, await DrainAsync());
    }

    /// <summary>Counts the datagrams at the peer's RTCP port (loopback delivers them before SendTo returns; a short grace anyway).</summary>
    private async Task<int> DrainAsync()
    {
        await Task.Delay(50);
        int count = 0;
        while (_peerRtcp.Available > 0)
        {
            IPEndPoint? from = null;
            _peerRtcp.Receive(ref from);
            count++;
        }

        return count;
    }
}
