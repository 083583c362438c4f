using Bridge.Media.Mixing;

namespace Bridge.Media.Tests.Mixing;

public sealed class TickHistogramTests
{
    [Fact]
    public void CumulativeCountsAtBoundsAndApproximateSum()
    {
        var histogram = new TickHistogram();
        foreach (var micros in new long[] { 5, 95, 100, 240, 999, 20_000, 250_000 })
        {
            histogram.Record(micros);
        }

        long[] bounds = [100, 250, 1_000, 100_000];
        var cumulative = new long[bounds.Length];
        var sum = histogram.AddCumulative(bounds, cumulative);

        // Buckets are 10 µs wide: [0,10) [90,100) end at or below 100; 100 itself is in [100,110) and counts from 250 on.
        Assert.Equal([2, 4, 5, 6], cumulative);
        // Midpoints: 5 + 95 + 105 + 245 + 995 + 20005 + (the last bucket, 100 ms and over) 100005.
        Assert.Equal(5 + 95 + 105 + 245 + 995 + 20_005 + 100_005, sum);

        // Adding a second thread's histogram adds up.
        histogram.AddCumulative(bounds, cumulative);
        Assert.Equal([4, 8, 10, 12], cumulative);
    }

    [Fact]
    public void EngineWithoutTicksReadsZero()
    {
        using var engine = new MixerEngine(threadCount: 2);
        long[] bounds = [100, 1_000];
        var duration = new long[2];
        var lateness = new long[2];
        var totals = engine.ReadTickHistograms(bounds, duration, lateness);
        Assert.Equal(default, totals);
        Assert.Equal([0, 0], duration);
    }
}
