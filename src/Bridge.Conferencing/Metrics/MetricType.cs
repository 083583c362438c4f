namespace Bridge.Conferencing.Metrics;

/// <summary>Prometheus metric types (text exposition format 0.0.4, <c># TYPE</c> line).</summary>
public enum MetricType
{
    /// <summary>Only goes up (resets at restart); name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary>A value now.</summary>
    Gauge,

    /// <summary>Cumulative buckets (<c>_bucket{le=…}</c>), <c>_sum</c> and <c>_count</c>.</summary>
    Histogram,
}
