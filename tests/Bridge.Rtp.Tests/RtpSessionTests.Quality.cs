using System.Net;
using System.Net.Sockets;
using Bridge.Rtp.Quality;
using Bridge.Rtp.Tests.Quality;

namespace Bridge.Rtp.Tests;

/// <summary>The quality sample of a session: the peer's RR and RFC 3611 XR about our stream, over real UDP.</summary>
public sealed partial class RtpSessionTests
{
    [Fact]
    public async Task PeerReportsAndXrVoipMetricsReachTheQualitySample()
    {
        RtpSession b = Create(out _);
        b.Start();
        Assert.Null(b.GetQualitySample().RemoteFractionLost); // nothing reported yet
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[256];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryWriteReceiverReport(0xABCD, [new RtcpReportBlock(b.Ssrc, 32, 7, 1000, 80, 0, 0)]));
        Assert.True(writer.TryWriteSdesCname(0xABCD, "peer"u8));
        byte[] xr = RtcpExtendedReportTests.BuildXr(b.Ssrc, lossRate: 5, discardRate: 2, roundTrip: 90, rFactor: 85, mosLq: 41, jbNominal: 50);
        byte[] compound = [.. buffer.AsSpan(0, writer.Length), .. xr];
        await peer.SendAsync(compound, b.LocalRtcpEndPoint);
        await WaitFor(() => b.GetQualitySample().RemoteMetrics is not null);

        RtpQualitySample sample = b.GetQualitySample();
        Assert.Equal(32 / 256.0, sample.RemoteFractionLost);
        Assert.Equal(TimeSpan.FromMilliseconds(10), sample.RemoteJitter);
        Assert.Equal(90, sample.RemoteMetrics!.Value.RoundTripDelayMs);
        Assert.Equal(4.1, sample.RemoteMetrics.Value.MosListening!.Value, 6);
        Assert.Equal(0, sample.PacketsExpected); // nothing received from the peer yet
        Assert.Null(sample.IntervalFractionLost);
    }
}
