using Bridge.Conferencing.Metrics;

namespace Bridge.Web.Tests.Metrics;

internal sealed class FakeMetricsSource(Action<MetricsWriter> collect) : IMetricsSource
{
    public void Collect(MetricsWriter writer) => collect(writer);
}
