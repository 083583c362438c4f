using Microsoft.Extensions.Configuration;

namespace Bridge.Service.Configuration;

/// <summary>Reads <see cref="OpsOptions"/>: <c>Bridge:Records:*</c>, <c>Bridge:Metrics:*</c>, <c>Bridge:Api:*</c> (issue 13).</summary>
internal static partial class BridgeOptionsReader
{
    /// <summary>Reads and validates the keys; each bad value adds a message naming its key to <paramref name="problems"/>.</summary>
    public static OpsOptions ReadOps(IConfiguration configuration, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var section = configuration.GetSection("Bridge");
        var defaults = new OpsOptions();
        var metrics = section["Metrics:Address"];
        return defaults with
        {
            RecordRetentionDays = ReadWhole(section, "Records:RetentionDays", defaults.RecordRetentionDays, 0, 36_500, problems),
            MetricsAddress = ReadMetricsAddress(metrics, problems),
            ApiAuthFailuresPerMinute = ReadWhole(section, "Api:AuthFailuresPerMinute", defaults.ApiAuthFailuresPerMinute, 1, 10_000, problems),
        };
    }

    private static System.Net.IPEndPoint? ReadMetricsAddress(string? text, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!TryParseEndPoint(text, out var endPoint) || endPoint is null || endPoint.Port == 0)
        {
            problems.Add($"Bridge:Metrics:Address: '{text}' is not IP:PORT (leave it empty to serve /metrics on the web host, behind an API token)");
            return null;
        }

        return endPoint;
    }
}
