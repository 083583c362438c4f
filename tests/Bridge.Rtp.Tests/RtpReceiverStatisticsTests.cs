namespace Bridge.Rtp.Tests;

public sealed class RtpReceiverStatisticsTests
{
    [Fact]
    public void ExtendedSequenceCountsCyclesAcrossWrap()
    {
        var stats = new RtpReceiverStatistics();
        for (int i = 0; i < 10; i++)
        {
            Assert.True(stats.UpdateSequence(unchecked((ushort)(65530 + i))));
        }

        Assert.Equal(65536u + 3, stats.ExtendedHighestSequence);
        Assert.Equal(10u, stats.Expected);
        Assert.Equal(0, stats.CumulativeLost);
    }

    [Fact]
    public void LossAndFractionPerInterval()
    {
        var stats = new RtpReceiverStatistics();
        // 100 packets with every 4th missing: 25 lost.
        for (int i = 0; i < 100; i++)
        {
            if (i % 4 != 3)
            {
                stats.UpdateSequence((ushort)(1000 + i));
            }
        }

        RtcpReportBlock first = stats.CreateReportBlock(9, 0, 0);
        Assert.Equal(24, first.CumulativeLost); // the last lost one (1099) is beyond the highest received
        Assert.Equal(1098u, first.ExtendedHighestSequence);
        Assert.Equal((byte)(24 * 256 / 99), first.FractionLost);

        // Next interval: 50 packets; 1099 (lost) now falls inside it, so 1 of 51 expected is lost.
        for (int i = 100; i < 150; i++)
        {
            stats.UpdateSequence((ushort)(1000 + i));
        }

        RtcpReportBlock second = stats.CreateReportBlock(9, 0, 0);
        Assert.Equal((byte)(256 / 51), second.FractionLost);
        Assert.Equal(25, second.CumulativeLost);

        // A third interval with nothing new reports zero.
        Assert.Equal(0, stats.CreateReportBlock(9, 0, 0).FractionLost);
    }

    [Fact]
    public void DuplicatesMakeLossNegativeAndFractionZero()
    {
        var stats = new RtpReceiverStatistics();
        for (int i = 0; i < 10; i++)
        {
            stats.UpdateSequence((ushort)i);
            stats.UpdateSequence((ushort)i);
        }

        RtcpReportBlock block = stats.CreateReportBlock(1, 0, 0);
        Assert.Equal(-10, block.CumulativeLost);
        Assert.Equal(0, block.FractionLost);
    }

    [Fact]
    public void ProbationRequiresSequentialPackets()
    {
        var stats = new RtpReceiverStatistics();
        stats.Reset(probation: 2);
        Assert.False(stats.UpdateSequence(500));
        Assert.True(stats.UpdateSequence(501));
        Assert.True(stats.UpdateSequence(502));
        Assert.Equal(2u, stats.Expected);
    }

    [Fact]
    public void LargeJumpIsConfirmedBySecondSequentialPacket()
    {
        var stats = new RtpReceiverStatistics();
        stats.UpdateSequence(10);
        stats.UpdateSequence(11);
        Assert.False(stats.UpdateSequence(40_000));
        Assert.True(stats.UpdateSequence(40_001));
        Assert.Equal(40_001u, stats.ExtendedHighestSequence);
        Assert.Equal(1u, stats.Expected);
    }

    [Fact]
    public void JitterIsZeroForConstantTransit()
    {
        var stats = new RtpReceiverStatistics();
        for (uint i = 0; i < 100; i++)
        {
            stats.UpdateJitter(i * 160, (i * 160) + 400);
        }

        Assert.Equal(0u, stats.Jitter);
    }

    [Fact]
    public void JitterConvergesToMeanAbsoluteTransitDifference()
    {
        // Transit alternates by 80 units (10 ms at 8 kHz): |D| = 80 every packet, J converges to 80 (A.8).
        var stats = new RtpReceiverStatistics();
        for (uint i = 0; i < 500; i++)
        {
            stats.UpdateJitter(i * 160, (i * 160) + (i % 2 == 0 ? 0u : 80u));
        }

        Assert.InRange(stats.Jitter, 78u, 80u);
    }

    [Fact]
    public void JitterHandlesTimestampWrap()
    {
        var stats = new RtpReceiverStatistics();
        uint ts = uint.MaxValue - 800;
        uint arrival = 5;
        for (int i = 0; i < 50; i++)
        {
            stats.UpdateJitter(ts, arrival);
            ts = unchecked(ts + 160);
            arrival = unchecked(arrival + 160);
        }

        Assert.Equal(0u, stats.Jitter);
    }
}
