using Bridge.Calls.Quality;
using Bridge.Rtp;
using Bridge.Rtp.Quality;
using Bridge.TestKit.Allocation;

namespace Bridge.Calls.Tests.Quality;

public sealed class LegQualityEstimatorTests
{
    private static JitterBufferStatistics Buffer(long concealed, int delayMs) =>
        new(1000, concealed, 0, 0, 0, 0, 0, 2, TimeSpan.FromMilliseconds(delayMs), TimeSpan.FromMilliseconds(delayMs), Concealed: concealed);

    [Fact]
    public void NothingReceivedMeansNoQualityYet()
    {
        var sample = new RtpQualitySample(0, 0, null, TimeSpan.Zero, null, null, null, null);
        Assert.Null(LegQualityEstimator.Estimate(sample, null, "PCMU", 20));
    }

    [Fact]
    public void CleanCallScoresNearTheTop()
    {
        var sample = new RtpQualitySample(500, 0, 0, TimeSpan.FromMilliseconds(1.2), 0, TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(10), null);
        var quality = LegQualityEstimator.Estimate(sample, Buffer(0, 40), "PCMU", 20)!;
        Assert.Equal(0, quality.LossPercent);
        Assert.Equal(1.2, quality.JitterMs);
        Assert.Equal(10, quality.RttMs);
        Assert.Equal(0, quality.RemoteLossPercent);
        Assert.Equal(40, quality.JitterBufferMs);
        // One-way delay 5 + 20 + 40 = 65 ms: Id = 1.56, R = 91.64.
        Assert.Equal(Math.Round(EModel.MeanOpinionScore(93.2 - (0.024 * 65)), 2), quality.Mos);
        Assert.True(quality.Mos >= 4.3);
    }

    [Fact]
    public void IntervalLossWinsOverCumulativeAndTheWorseDirectionSetsTheMos()
    {
        // We measured 5 % over the last interval (1 % over the call); the peer reports 0 % of ours.
        var sample = new RtpQualitySample(1000, 10, 0.05, TimeSpan.FromMilliseconds(3), 0, TimeSpan.FromMilliseconds(1), null, null);
        var quality = LegQualityEstimator.Estimate(sample, Buffer(50, 40), "PCMA", 20)!;
        Assert.Equal(5, quality.LossPercent);
        Assert.Null(quality.RttMs);
        Assert.Equal(50, quality.ConcealedFrames);
        Assert.Equal(10, quality.PacketsLost);
        Assert.Equal(Math.Round(EModel.MeanOpinionScore(EModelCodec.G711, 5, 60), 2), quality.Mos);
        Assert.True(quality.Mos < 4.0);
    }

    [Fact]
    public void CumulativeLossBeforeTheFirstReportAndPeerXrDiscards()
    {
        var xr = new RtcpVoipMetrics(0.02, 0.03, 120, 40, 80, 3.9, null, 80);
        var sample = new RtpQualitySample(200, 4, null, TimeSpan.FromMilliseconds(3), 0.01, TimeSpan.FromMilliseconds(1), null, xr);
        var quality = LegQualityEstimator.Estimate(sample, Buffer(4, 40), "opus", 20)!;
        Assert.Equal(2, quality.LossPercent);
        Assert.Equal(120, quality.RttMs); // from the XR block while no LSR/DLSR round trip exists
        Assert.Equal(5, quality.RemoteLossPercent); // loss 2 % plus discards 3 %
        double send = EModel.MeanOpinionScore(EModelCodec.Opus, 5, 60 + 20 + 6.5 + 80);
        Assert.Equal(Math.Round(send, 2), quality.Mos);
    }

    /// <summary>
    /// The call records' sampler reads every call's quality every 5 s for as long as it lasts: the value it reads is the
    /// figures of the admin API's, and reading it allocates nothing (issue 14: a steady bridge should not allocate).
    /// </summary>
    [Fact]
    public void The_samplers_estimate_is_the_APIs_figures_and_allocates_nothing()
    {
        var sample = new RtpQualitySample(500, 12, 0.05, TimeSpan.FromMilliseconds(7.3), 3, TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(30), null);
        var buffer = Buffer(6, 60);
        var quality = LegQualityEstimator.Estimate(sample, buffer, "PCMA", 20)!;

        Assert.True(LegQualityEstimator.TryEstimate(sample, buffer, "PCMA", 20, out var estimate));
        Assert.Equal(
            (quality.LossPercent, quality.JitterMs, quality.RttMs, quality.Mos, quality.RemoteLossPercent, quality.RemoteJitterMs, quality.JitterBufferMs, quality.ConcealedFrames, quality.PacketsLost),
            (estimate.LossPercent, estimate.JitterMs, estimate.RttMs, estimate.Mos, estimate.RemoteLossPercent, estimate.RemoteJitterMs, estimate.JitterBufferMs, estimate.ConcealedFrames, estimate.PacketsLost));
        Assert.False(LegQualityEstimator.TryEstimate(new RtpQualitySample(0, 0, null, TimeSpan.Zero, null, null, null, null), null, "PCMU", 20, out _));

        var average = new CallQualityAverage();
        AllocationRounds.AssertNone(() =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                if (LegQualityEstimator.TryEstimate(sample, buffer, "PCMA", 20, out var figures))
                {
                    average.Add(figures);
                }
            }
        });
        Assert.Equal(3_000, average.Samples);
    }
}
