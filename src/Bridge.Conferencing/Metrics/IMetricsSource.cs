namespace Bridge.Conferencing.Metrics;

/// <summary>
/// A part of the bridge that reports figures for <c>/metrics</c>. Called at scrape time on a thread-pool thread: read the
/// counters the code keeps anyway (no work added to hot paths), write whole families, return quickly, never block.
/// </summary>
public interface IMetricsSource
{
    /// <summary>Writes this source's metric families.</summary>
    void Collect(MetricsWriter writer);
}
