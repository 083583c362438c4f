using Bridge.Conferencing.Metrics;

namespace Bridge.Conferencing.Tests.Metrics;

public sealed class MetricsWriterTests
{
    [Fact]
    public void WritesHelpTypeAndEscapedSamples()
    {
        var writer = new MetricsWriter();
        writer.Family("bridge_calls_total", MetricType.Counter, "Calls \\ ended\nsince start.")
            .Sample(3, ("transport", "UDP"), ("result", "remote_bye"))
            .Sample(0.5, ("name", "a\"b\\c\nd"));
        writer.Family("bridge_rooms", MetricType.Gauge, "Rooms.").Sample(2);
        Assert.Equal(
            "# HELP bridge_calls_total Calls \\\\ ended\\nsince start.\n" +
            "# TYPE bridge_calls_total counter\n" +
            "bridge_calls_total{transport=\"UDP\",result=\"remote_bye\"} 3\n" +
            "bridge_calls_total{name=\"a\\\"b\\\\c\\nd\"} 0.5\n" +
            "# HELP bridge_rooms Rooms.\n# TYPE bridge_rooms gauge\nbridge_rooms 2\n",
            writer.ToString());
    }

    [Fact]
    public void HistogramsAreCumulativeWithInfSumAndCount()
    {
        var writer = new MetricsWriter();
        writer.Family("tick_seconds", MetricType.Histogram, "Ticks.").Histogram([0.001, 0.01], [4, 9], 10, 0.05, ("thread", "0"));
        Assert.Equal(
            "# HELP tick_seconds Ticks.\n# TYPE tick_seconds histogram\n" +
            "tick_seconds_bucket{thread=\"0\",le=\"0.001\"} 4\n" +
            "tick_seconds_bucket{thread=\"0\",le=\"0.01\"} 9\n" +
            "tick_seconds_bucket{thread=\"0\",le=\"+Inf\"} 10\n" +
            "tick_seconds_sum{thread=\"0\"} 0.05\n" +
            "tick_seconds_count{thread=\"0\"} 10\n",
            writer.ToString());
    }

    [Fact]
    public void RefusesBadNamesAndSplitFamilies()
    {
        var writer = new MetricsWriter();
        Assert.Throws<ArgumentException>(() => writer.Family("1abc", MetricType.Gauge, "x"));
        Assert.Throws<ArgumentException>(() => writer.Family("a-b", MetricType.Gauge, "x"));
        writer.Family("ok", MetricType.Gauge, "x");
        Assert.Throws<ArgumentException>(() => writer.Sample(1, ("__reserved", "v")));
        Assert.Throws<InvalidOperationException>(() => writer.Family("ok", MetricType.Gauge, "again"));

        // Another source writing the same family is refused too.
        Assert.IsType<InvalidOperationException>(writer.TryCollect(other => other.Family("ok", MetricType.Gauge, "x").Sample(1)));
    }

    [Fact]
    public void A_source_that_throws_leaves_nothing_and_its_families_can_be_written_again()
    {
        var writer = new MetricsWriter();
        writer.Family("kept", MetricType.Gauge, "stays").Sample(1);
        var failure = writer.TryCollect(w =>
        {
            w.Family("half", MetricType.Counter, "taken back").Sample(2, ("room", "a\"b"));
            w.Family("other", MetricType.Gauge, "taken back too");
            throw new InvalidOperationException("broken source");
        });

        Assert.IsType<InvalidOperationException>(failure);
        Assert.Equal("# HELP kept stays\n# TYPE kept gauge\nkept 1\n", writer.ToString());
        Assert.Null(writer.TryCollect(w => w.Family("half", MetricType.Counter, "now whole").Sample(3)));
        Assert.EndsWith("# HELP half now whole\n# TYPE half counter\nhalf 3\n", writer.ToString());
        Assert.Throws<InvalidOperationException>(() => writer.Family("kept", MetricType.Gauge, "twice"));
    }

    /// <summary>Prometheus scrapes every 15 s or so for the life of the service: a sample adds to the text and nothing else.</summary>
    [Fact]
    public void Samples_allocate_nothing_beside_the_text()
    {
        var writer = new MetricsWriter();
        writer.Family("warm", MetricType.Histogram, "x").Histogram([0.001, 0.01], [1, 2], 3, 0.5, ("room", "w\"1"));
        double[] bounds = [0.001, 0.005, 0.01, 0.05];
        long[] counts = [4, 9, 12, 15];
        writer.Family("probe", MetricType.Histogram, "x");
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            writer.Histogram(bounds, counts, 16, 0.123456789 * i, ("room", "r\"oom\n" + (char)('a' + i)));
        }

        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        // 20 label values of 7 characters (48 bytes each) are the test's own; the 140 lines (~6,000 characters) fit in the
        // writer's first 12,288, so the writer adds nothing.
        Assert.True(bytes <= 20 * 48, $"20 histograms allocated {bytes} bytes");
        Assert.Contains("probe_bucket{room=\"r\\\"oom\\nc\",le=\"0.005\"} 9\n", writer.ToString(), StringComparison.Ordinal);
    }
}
