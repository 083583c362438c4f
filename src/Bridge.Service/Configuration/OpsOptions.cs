using System.Net;

namespace Bridge.Service.Configuration;

/// <summary>Settings of the admin API, /metrics and call records (issue 13); README's configuration table lists the keys.</summary>
internal sealed record OpsOptions
{
    /// <summary><c>Bridge:Records:RetentionDays</c>: days a call record is kept; 0 keeps none. Default 30.</summary>
    public int RecordRetentionDays { get; init; } = 30;

    /// <summary><c>Bridge:Metrics:Address</c>: a separate IP:PORT serving /metrics without a token; null serves it on the web host behind a token.</summary>
    public IPEndPoint? MetricsAddress { get; init; }

    /// <summary><c>Bridge:Api:AuthFailuresPerMinute</c>: failed authentications per address and minute before 429. Default 10.</summary>
    public int ApiAuthFailuresPerMinute { get; init; } = 10;
}
