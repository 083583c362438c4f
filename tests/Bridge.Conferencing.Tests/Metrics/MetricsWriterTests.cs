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

        var other = new MetricsWriter();
        other.Family("ok", MetricType.Gauge, "x").Sample(1);
        Assert.Throws<InvalidOperationException>(() => writer.Append(other));
    }
}
