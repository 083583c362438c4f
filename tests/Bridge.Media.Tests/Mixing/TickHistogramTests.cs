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

    [Fact]
    public void Percentiles_over_several_histograms_are_those_of_all_their_values_together()
    {
        var random = new Random(14);
        var parts = new[] { new TickHistogram(), new TickHistogram(), new TickHistogram() };
        var all = new TickHistogram();
        for (int i = 0; i < 3_000; i++)
        {
            long micros = i % 100 == 0 ? random.Next(5_000, 30_000) : random.Next(0, 2_000); // a tail on every 100th
            parts[i % 3 == 0 ? 0 : i % 7 == 0 ? 2 : 1].Record(micros);
            all.Record(micros);
        }

        foreach (double fraction in new[] { 0.0, 0.5, 0.9, 0.99, 0.999, 1.0 })
        {
            Assert.Equal(TickHistogram.Percentile([all], fraction), TickHistogram.Percentile(parts, fraction));
        }

        Assert.Equal(all.MaxMicros, TickHistogram.MaxOf(parts));
        Assert.Equal(0, TickHistogram.Percentile([new TickHistogram(), new TickHistogram()], 0.99));
    }

    /// <summary>
    /// The mixer's figures are read for every /metrics scrape and every mixer report for the life of the service: a read
    /// allocates its result only (it merged copies of the threads' histograms, 240 KB a read).
    /// </summary>
    [Fact]
    public void Reading_the_engines_figures_allocates_only_the_result()
    {
        using var engine = new MixerEngine(threadCount: 2);
        engine.GetStats();
        long before = GC.GetAllocatedBytesForCurrentThread();
        engine.GetStats();
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(bytes < 512, $"one read allocated {bytes} bytes");
    }
}
