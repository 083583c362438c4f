using Bridge.Conferencing.Metrics;
using Bridge.Web.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bridge.Web.Metrics;

/// <summary>
/// <c>/metrics</c> in the Prometheus text exposition format 0.0.4, written by <see cref="MetricsWriter"/> from every registered
/// <see cref="IMetricsSource"/> at scrape time. Written here rather than with prometheus-net: the bridge's layers keep their own
/// lock-free counters and the mixer its own per-tick buckets, which prometheus-net's collectors could only take by observing
/// values one by one or by copying them into a process-wide registry before each scrape.
/// </summary>
public static partial class MetricsEndpoint
{
    /// <summary>The exposition format's content type.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>
    /// Maps <c>/metrics</c>: with <see cref="MetricsOptions.DedicatedPort"/> only on that port and without a token (404 elsewhere),
    /// otherwise behind the admin API's bearer filter (any scope; needs <see cref="Api.AdminApi.AddAdminApi"/>).
    /// </summary>
    public static RouteHandlerBuilder MapBridgeMetrics(this IEndpointRouteBuilder endpoints, MetricsOptions options)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(options);
        var builder = endpoints.MapGet("/metrics", (HttpContext http) =>
        {
            if (options.DedicatedPort is { } port && http.Connection.LocalPort != port)
            {
                return Results.NotFound();
            }

            return Results.Text(Collect(http.RequestServices), ContentType);
        }).ExcludeFromDescription();
        if (options.DedicatedPort is null)
        {
            builder.AddEndpointFilter(endpoints.ServiceProvider.GetRequiredService<BearerTokenFilter>());
        }

        return builder;
    }

    /// <summary>Collects every source; one that fails is left out (and counted in <c>bridge_metrics_source_errors</c>), the others still show.</summary>
    public static string Collect(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var writer = new MetricsWriter();
        var errors = 0;
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(MetricsEndpoint).FullName!);
        foreach (var source in services.GetServices<IMetricsSource>())
        {
            // Into the one writer, taken back if the source throws: no writer of its own per source and scrape.
            if (writer.TryCollect(source.Collect) is { } ex)
            {
                errors++;
                if (logger is not null)
                {
                    LogSourceFailed(logger, ex, source.GetType().Name);
                }
            }
        }

        writer.Family("bridge_metrics_source_errors", MetricType.Gauge, "Metric sources that failed in this scrape.").Sample(errors);
        return writer.ToString();
    }

    [LoggerMessage(EventId = 9110, Level = LogLevel.Warning, Message = "Metrics source {Source} failed")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string source);
}
