namespace Bridge.Web.Metrics;

/// <summary>How /metrics is protected (<c>Bridge:Metrics:Address</c>).</summary>
public sealed record MetricsOptions
{
    /// <summary>
    /// The local port of the separate listener named by <c>Bridge:Metrics:Address</c>: /metrics answers there only, without a
    /// token (protect that address by binding it to a management network). Null: /metrics is served on the main host and needs
    /// an API token (read scope is enough).
    /// </summary>
    public int? DedicatedPort { get; init; }
}
